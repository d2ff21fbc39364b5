//! Every word of the staff views, in German and English (same [`texts!`] table as the
//! citizen texts, kept apart so both can grow without touching each other).

use super::use_locale;
use leptos::prelude::Get;
use shared::admin::BookingChannel;
use shared::auth::StaffRole;
use shared::bookings::AppointmentStatus;
use shared::call_queue::QueueLane;
use shared::locale::Locale;

/// A reactive staff text: re-renders when the language changes.
pub fn t(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || text.get(locale.get())
}

texts! {
    AdminTitle => "Verwaltung", "Administration";
    AdminNavigation => "Navigation der Verwaltung", "Administration navigation";
    NavOverview => "Übersicht", "Overview";
    NavDayPlan => "Tagesplan", "Day plan";
    NavQueue => "Aufruf", "Call queue";
    ErrCalledTooFewTimes => "Bitte rufen Sie die Person zuerst noch einmal auf.", "Please call the person once more first.";
    QueueNumberLabel => "Wartenummer (bitte nennen)", "Queue number (tell the citizen)";
    QueueTitle => "Aufruf und Wartenummern", "Calls and numbers";
    QueueSummary => "Die nächste wartende Person an Ihren Platz rufen, Wartenummern ausgeben, Ticket-Kiosks einrichten.", "Call the next person waiting to your desk, give out numbers, set up ticket kiosks.";
    QueueMyDesk => "Mein Platz", "My desk";
    QueueCounter => "Platz (wie er auf der Anzeige erscheint)", "Desk (as the display shows it)";
    QueueCounterHint => "z. B. Schalter 3 oder Raum 1.12", "e.g. Schalter 3 or Raum 1.12";
    QueueMyServices => "Ich bearbeite nur (leer: alles)", "I handle only (none: everything)";
    QueueCallNext => "Nächste Person aufrufen", "Call the next person";
    QueueNobodyWaits => "Gerade wartet niemand.", "Nobody is waiting right now.";
    QueueCalled => "Aufgerufen", "Called";
    QueueLaneAppointment => "Termin", "Appointment";
    QueueLaneWalkIn => "ohne Termin", "Walk-in";
    QueueBooking => "Buchung", "Booking";
    QueueFinish => "Erledigt", "Done";
    QueueRecall => "Erneut aufrufen", "Call again";
    QueueCloseFirst => "Erst „Erledigt“, „Zurückstellen“, „Weiterleiten“ oder „Nicht erschienen“, dann die nächste Person.", "First “Done”, “Step aside”, “Send on” or “Did not come”, then the next person.";
    QueueNoShow => "Nicht erschienen", "Did not come";
    QueueNoShowDone => "Als nicht erschienen vermerkt. Sie können die nächste Person aufrufen.", "Marked as not come. You can call the next person.";
    QueueCalls => "Aufrufe:", "Calls:";
    QueueFinished => "Erledigt. Sie können die nächste Person aufrufen.", "Done. You can call the next person.";
    QueueFrontDesk => "Wartenummer ausgeben", "Give out a number";
    QueueIssue => "Wartenummer ausgeben", "Give out the number";
    QueueIssued => "Wartenummer", "Number";
    QueueTicketPage => "Seite des Tickets", "Ticket page";
    QueueOpenDisplay => "Aufrufanzeige öffnen", "Open the call display";
    QueueChooseService => "Bitte wählen Sie mindestens ein Anliegen.", "Please choose at least one service.";
    QueueParkedDone => "Zurückgestellt: die Person holt etwas und wird unter „Zurückgestellt“ wieder aufgerufen. Sie können die nächste Person aufrufen.", "Stepped aside: they fetch something and are called back from “Stepped aside”. You can call the next person.";
    QueueSentOn => "Weitergeleitet. Sie können die nächste Person aufrufen.", "Sent on. You can call the next person.";
    QueuePerformed => "Erledigte Anliegen", "Services performed";
    QueuePark => "Zurückstellen", "Step aside";
    QueueSendOn => "Weiterleiten", "Send on";
    QueueSendTo => "An Platz (sofort dorthin aufrufen)", "To desk (called there at once)";
    QueueSendFor => "Oder neu einreihen für", "Or back in line for";
    QueueLineTitle => "Heute in der Reihe", "Today's line";
    QueueWaitingCount => "Wartend:", "Waiting:";
    QueueParkedTitle => "Zurückgestellt", "Stepped aside";
    QueueWaitingTitle => "Wartend, in der Reihenfolge des Aufrufs", "Waiting, in the order they will be called";
    QueueCalledTitle => "Gerade aufgerufen", "Called now";
    QueueNumber => "Nummer", "Number";
    QueueLane => "Art", "Kind";
    QueueServices => "Anliegen", "Services";
    QueueSince => "Seit", "Since";
    QueueWhere => "Platz", "Desk";
    QueueCallThis => "An meinen Platz aufrufen", "Call to my desk";
    QueueRulesTitle => "Aufrufregeln und Kontingent", "Call rules and contingent";
    QueueRulesPriority => "Reihenfolge des Aufrufs", "Order of calling";
    QueueRulesAppointmentsFirst => "Termine zuerst, sobald ihre Zeit gekommen ist; dann Wartenummern in der Reihenfolge des Ziehens", "Appointments first once their time has come; then numbers in the order they were drawn";
    QueueRulesOneLine => "Eine Reihe: ein Termin reiht sich zu seiner Uhrzeit zwischen die Wartenummern ein", "One line: an appointment takes its place among the numbers at its time";
    QueueRulesLate => "Verspätet ab (Minuten nach Terminbeginn; dann wie ohne Termin)", "Late from (minutes after the start; then like a walk-in)";
    QueueRulesLimit => "Höchstens so viele Wartenummern ohne Termin am Tag", "At most this many walk-in numbers a day";
    QueueRulesUntil => "Wartenummern ohne Termin bis (Uhrzeit)", "Walk-in numbers until (time)";
    QueueRulesEmptyNoLimit => "Leer: keine Grenze.", "Empty: no limit.";
    QueueRulesSave => "Regeln speichern", "Save rules";
    QueueRulesSaved => "Gespeichert. Die Regeln gelten ab dem nächsten Aufruf.", "Saved. The rules apply from the next call.";
    QueueRulesLateInvalid => "Bitte 0 bis 240 Minuten angeben.", "Please give 0 to 240 minutes.";
    QueueRulesLimitInvalid => "Bitte 0 bis 999 Wartenummern angeben oder leer lassen.", "Please give 0 to 999 numbers, or leave it empty.";
    QueueRulesUntilInvalid => "Bitte eine Uhrzeit wie 12:00 angeben oder leer lassen.", "Please give a time like 12:00, or leave it empty.";
    KiosksTitle => "Ticket-Kiosks", "Ticket kiosks";
    KiosksNone => "Noch kein Kiosk eingerichtet.", "No kiosk set up yet.";
    KioskName => "Name des Geräts", "Device name";
    KioskIssue => "Kiosk einrichten", "Set up a kiosk";
    KioskSetupLink => "Diesen Link einmal auf dem Gerät öffnen (er wird nur jetzt angezeigt):", "Open this link once on the device (it is shown only now):";
    KioskLastUsed => "zuletzt benutzt", "last used";
    KioskNeverUsed => "noch nicht benutzt", "not used yet";
    KioskRevoke => "Sperren", "Revoke";
    NavConfiguration => "Einstellungen", "Configuration";
    NavStatistics => "Statistik", "Statistics";
    NavWaitlist => "Warteliste", "Waitlist";
    WaitlistIntro => "Wer auf einen frei werdenden Termin wartet, je Dienstleistung, und wie die Angebote der Warteliste angenommen werden.", "Who waits for an appointment to become free, per service, and how the waitlist's offers are taken up.";
    WaitlistTitle => "Warteliste", "Waitlist";
    WaitlistOn => "Diese Dienststelle führt eine Warteliste. Ein frei gewordener Termin wird der nächsten wartenden Person angeboten und für sie reserviert:", "This office keeps a waitlist. A freed appointment is offered to the next person waiting and kept for them:";
    WaitlistOff => "Diese Dienststelle führt keine Warteliste. Sie wird in den Einstellungen eingeschaltet: „Warteliste: Angebot gilt … Minuten“ über 0.", "This office keeps no waitlist. It is switched on in the configuration: “Waitlist: an offer is kept … minutes” above 0.";
    WaitlistToConfiguration => "Zu den Einstellungen", "To the configuration";
    WaitlistServicesTitle => "Wartende je Dienstleistung", "Waiting per service";
    WaitlistServicesHint => "Bestätigte Einträge, die warten oder gerade ein Angebot haben.", "Confirmed entries that wait or have an offer right now.";
    WaitlistService => "Dienstleistung", "Service";
    WaitlistTakesWaiters => "Warteliste möglich", "Waitlist possible";
    WaitlistWaiting => "Wartend", "Waiting";
    WaitlistOldestSince => "Wartet am längsten seit", "Longest waiting since";
    WaitlistOffersTitle => "Angebote", "Offers";
    WaitlistOffersSince => "Seit", "Since";
    WaitlistSent => "Verschickt", "Sent";
    WaitlistOpen => "Offen", "Open";
    WaitlistAccepted => "Angenommen", "Accepted";
    WaitlistDeclined => "Abgelehnt", "Declined";
    WaitlistLapsed => "Verfallen", "Lapsed";
    WaitlistMedianToAccept => "Zeit bis zur Annahme (Median)", "Time to accept (median)";
    Yes => "ja", "yes";
    No => "nein", "no";
    NavAudit => "Änderungsprotokoll", "Audit log";
    NavAccounts => "Konten", "Accounts";
    NavFaq => "Hilfeseite", "Help page";
    FaqTitle => "Hilfeseite bearbeiten", "Edit the help page";
    FaqIntro => "Fragen und Antworten erscheinen sofort auf der Hilfeseite. Antworten: Leerzeile = neuer Absatz, „- “ = Aufzählung, „1. “ = Nummerierung, **fett**, [Text](https://…) oder [Text](tel:…), [Text](mailto:…), [Text](/book).", "Questions and answers appear on the help page at once. Answers: blank line = new paragraph, “- ” = bullet list, “1. ” = numbered list, **bold**, [text](https://…) or [text](tel:…), [text](mailto:…), [text](/book).";
    FaqSummary => "Die Fragen und Antworten der Hilfeseite für Bürgerinnen und Bürger.", "The questions and answers of the citizens' help page.";
    FaqNew => "Neue Frage", "New question";
    FaqEdit => "Bearbeiten", "Edit";
    FaqDelete => "Löschen", "Delete";
    FaqDeleteConfirm => "Diesen Eintrag wirklich löschen?", "Really delete this entry?";
    FaqUp => "Nach oben", "Move up";
    FaqDown => "Nach unten", "Move down";
    FaqHidden => "verborgen", "hidden";
    FaqAllOffices => "Alle Standorte", "All offices";
    FaqReadOnly => "nur lesen", "read only";
    FaqSlug => "Kurzname für Links (a–z, 0–9, -)", "Short name for links (a–z, 0–9, -)";
    FaqOffice => "Gilt für", "Applies to";
    FaqGroupDe => "Gruppe (Deutsch)", "Group (German)";
    FaqGroupEn => "Gruppe (Englisch)", "Group (English)";
    FaqQuestionDe => "Frage (Deutsch)", "Question (German)";
    FaqQuestionEn => "Frage (Englisch)", "Question (English)";
    FaqAnswerDe => "Antwort (Deutsch)", "Answer (German)";
    FaqAnswerEn => "Antwort (Englisch)", "Answer (English)";
    FaqVisible => "Auf der Hilfeseite zeigen", "Show on the help page";
    FaqPreview => "Vorschau", "Preview";
    FaqSave => "Speichern", "Save";
    FaqCancel => "Abbrechen", "Cancel";
    FaqDeleted => "Gelöscht.", "Deleted.";
    FaqInvalid => "Bitte prüfen Sie die markierten Angaben.", "Please check the marked fields.";
    FaqUnsafeLink => "Links nur mit https://, http://, mailto:, tel: oder /pfad.", "Links only with https://, http://, mailto:, tel: or /path.";
    FaqSlugTaken => "Dieser Kurzname ist schon vergeben.", "This short name is already taken.";
    FaqSlugInvalid => "Nur a–z, 0–9 und Bindestrich, höchstens 60 Zeichen.", "Only a–z, 0–9 and hyphens, at most 60 characters.";
    FaqRequired => "Bitte ausfüllen.", "Please fill in.";
    FaqEntries => "Einträge", "Entries";
    AccountsTitle => "Konten der Mitarbeitenden", "Staff accounts";
    AccountsIntro => "Wer sich anmelden darf, mit welcher Rolle und für welche Standorte; neue Konten, geänderte Rollen und Standorte, deaktivierte Konten.", "Who may sign in, with which role and for which offices; new accounts, changed roles and offices, disabled accounts.";
    AccountsListTitle => "Alle Konten", "All accounts";
    NewAccountTitle => "Neues Konto anlegen", "Create an account";
    NewAccountOpen => "Formular für ein neues Konto öffnen", "Open the form for a new account";
    AccountUsername => "Benutzername", "Username";
    AccountPassword => "Erstes Passwort", "Initial password";
    AccountPasswordHint => "Mindestens 12 Zeichen. Geben Sie es der Person auf sicherem Weg weiter.", "At least 12 characters. Hand it to the person by a safe channel.";
    AccountRole => "Rolle", "Role";
    AccountOffices => "Standorte (für Standortleitung und Sachbearbeitung)", "Offices (for managers and clerks)";
    AllOffices => "alle Standorte", "all offices";
    AccountActions => "Ändern", "Change";
    AccountActiveStatus => "aktiv", "active";
    AccountDisabledStatus => "deaktiviert", "disabled";
    AccountSince => "seit", "since";
    CreateAccount => "Konto anlegen", "Create the account";
    AccountCreated => "Konto angelegt.", "Account created.";
    EditAccount => "Rolle und Standorte ändern:", "Change role and offices:";
    SaveAccount => "Konto speichern", "Save the account";
    DisableAccount => "Deaktivieren:", "Disable:";
    DisableAccountQuestion => "Konto wirklich deaktivieren? Die Person wird sofort abgemeldet und kann sich nicht mehr anmelden.", "Really disable this account? The person is signed out at once and can no longer sign in.";
    ConfirmDisable => "Ja, Konto deaktivieren", "Yes, disable the account";
    KeepAccount => "Nein, Konto behalten", "No, keep the account";
    AccountDisabled => "Konto deaktiviert.", "Account disabled.";
    OwnAccount => "Ihr eigenes Konto", "Your own account";
    ErrUsernameTaken => "Diesen Benutzernamen gibt es schon.", "This username exists already.";
    ErrCannotDemoteSelf => "Ihre eigene Rolle können Sie nicht herabsetzen.", "You cannot lower your own role.";
    ErrCannotDisableSelf => "Ihr eigenes Konto können Sie nicht deaktivieren.", "You cannot disable your own account.";
    ErrInvalidUsername => "bitte 1 bis 64 Zeichen", "please use 1 to 64 characters";
    ErrPasswordTooShort => "mindestens 12 Zeichen", "at least 12 characters";
    ErrPasswordTooWeak => "zu leicht zu erraten – bitte ein längeres Passwort aus mehreren Wörtern, Ziffern und Zeichen", "too easy to guess – please use a longer password of several words, digits and signs";
    AuditTitle => "Änderungsprotokoll", "Audit log";
    AuditIntro => "Wer hat wann was geändert: Termine, Buchungen, Einstellungen, Konten und Portale, mit dem Stand vorher und nachher.", "Who changed what and when: appointments, bookings, configuration, accounts and portals, with the state before and after.";
    AuditEntityFilter => "Nur Änderungen an", "Only changes to";
    AuditAllEntities => "allem", "everything";
    AuditEmpty => "Keine Einträge.", "No entries.";
    AuditWhen => "Zeitpunkt", "When";
    AuditWho => "Konto", "Account";
    AuditWhat => "Aktion", "Action";
    AuditSubject => "Betrifft", "Subject";
    AuditOffice => "Standort", "Office";
    AuditDetails => "Änderung", "Change";
    AuditShowChange => "Vorher und nachher anzeigen", "Show before and after";
    AuditBefore => "Vorher:", "Before:";
    AuditAfter => "Nachher:", "After:";
    AuditPages => "Seiten des Protokolls", "Pages of the log";
    AuditNewer => "← Neuere Einträge", "← Newer entries";
    AuditOlder => "Ältere Einträge →", "Older entries →";
    DayPlanIntro => "Termine eines Tages oder einer Woche, Anmeldung am Schalter, Absagen und Buchungen für Bürgerinnen und Bürger.", "Appointments of a day or week, checking in, cancelling and booking on behalf of citizens.";
    ConfigurationIntro => "Kontakt, Hinweise, Buchungsregeln, Dienstleistungen, Öffnungszeiten und Schließtage.", "Contact, notices, booking rules, services, opening hours and closures.";
    StatisticsIntro => "Buchungen, Absagen, Nichterscheinen, Auslastung sowie gemessene Warte- und Bedienzeiten als Diagramm, Tabelle und CSV.", "Bookings, cancellations, no-shows, utilisation and measured waiting and service times as charts, tables and CSV.";
    NotAllowed => "Diese Seite ist für Ihre Rolle nicht freigegeben.", "Your role does not give access to this page.";
    SignedInAs => "Angemeldet als", "Signed in as";
    OfficesLabel => "Standorte", "Offices";
    Logout => "Abmelden", "Sign out";
    LoggedOut => "Sie sind abgemeldet.", "You are signed out.";
    LoginTitle => "Anmeldung für Mitarbeitende", "Staff sign-in";
    LoginIntro => "Melden Sie sich mit Ihrem Benutzernamen und Passwort an.", "Sign in with your username and password.";
    Username => "Benutzername", "Username";
    Password => "Passwort", "Password";
    SignIn => "Anmelden", "Sign in";
    SigningIn => "Anmeldung läuft …", "Signing in …";
    ErrInvalidCredentials => "Benutzername oder Passwort ist falsch. Bitte prüfen Sie Ihre Eingabe.", "The username or password is wrong. Please check what you entered.";
    ErrTooManyAttempts => "Zu viele Fehlversuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.", "Too many failed attempts. Please wait a few minutes and try again.";
    ErrorPrefix => "Fehler:", "Error:";
    InvalidFields => "Bitte prüfen Sie", "Please check";
    ErrSessionEnded => "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich neu an.", "Your session has ended. Please sign in again.";
    ErrForbidden => "Dafür fehlt Ihrem Konto die Berechtigung.", "Your account is not allowed to do this.";
    ErrCsrf => "Die Sicherheitsprüfung der Anfrage ist fehlgeschlagen. Bitte laden Sie die Seite neu.", "The request failed its security check. Please reload the page.";
    ErrAppointmentsAffected => "Die Änderung betrifft gebuchte Termine. Bitte entscheiden Sie, ob sie abgesagt oder behalten werden.", "The change affects booked appointments. Please decide whether to cancel or keep them.";
    ErrInvalidTransition => "Dieser Status kann nicht mehr geändert werden. Bitte laden Sie den Tagesplan neu.", "This status can no longer be changed. Please reload the day plan.";
    ErrNotYetStarted => "„Nicht erschienen“ geht erst, wenn der Termin begonnen hat.", "“No-show” is only possible once the appointment has begun.";
    ErrAppointmentStarted => "Der Termin hat schon begonnen.", "The appointment has already begun.";
    ErrReasonRequired => "Bitte geben Sie einen Grund für die Absage an.", "Please give a reason for the cancellation.";
    ErrOverlappingRule => "Diese Öffnungszeit überschneidet sich mit einer anderen Regel des Standorts.", "These opening hours overlap another rule of the office.";
    ErrSlotTaken => "Zu dieser Zeit ist kein Schalter mehr frei. Bitte wählen Sie eine andere Uhrzeit.", "No counter is free at this time any more. Please choose another time.";
    ErrValidation => "Einige Angaben sind nicht gültig.", "Some entries are not valid.";
    DayPlanTitle => "Tagesplan", "Day plan";
    Office => "Standort", "Office";
    Date => "Datum", "Date";
    PreviousDay => "Vorheriger Tag", "Previous day";
    NextDay => "Nächster Tag", "Next day";
    PreviousWeek => "Vorherige Woche", "Previous week";
    NextWeek => "Nächste Woche", "Next week";
    Today => "Heute", "Today";
    ViewLabel => "Ansicht", "View";
    ViewDay => "Tag", "Day";
    ViewWeek => "Woche", "Week";
    AppointmentsHeading => "Termine", "Appointments";
    NoAppointments => "Keine Termine.", "No appointments.";
    CitizenName => "Name", "Name";
    CitizenEmail => "E-Mail-Adresse (für die Bestätigung)", "Email address (for the confirmation)";
    CitizenPhone => "Telefonnummer (freiwillig)", "Phone number (optional)";
    ServicesLabel => "Dienstleistungen", "Services";
    StatusLabel => "Status", "Status";
    Channel => "Gebucht über", "Booked via";
    Contact => "Kontakt", "Contact";
    ActionCheckIn => "Anmelden (eingetroffen)", "Check in";
    ActionComplete => "Erledigt", "Completed";
    ActionNoShow => "Nicht erschienen", "No-show";
    ActionCancel => "Absagen", "Cancel";
    StatusChanged => "Status geändert:", "Status changed:";
    CancelByOfficeQuestion => "Termin vom Bürgeramt absagen?", "Cancel this appointment by the office?";
    CancelByOfficeHint => "Die Bürgerin oder der Bürger erhält eine E-Mail mit dem Grund. Die Zeit wird wieder frei.", "The citizen is emailed the reason. The time becomes free again.";
    CancelReason => "Grund der Absage", "Reason for the cancellation";
    CancelReasonMissing => "Bitte geben Sie einen Grund an – er steht in der E-Mail an den Bürger.", "Please give a reason – it is part of the email to the citizen.";
    ConfirmCancel => "Ja, Termin absagen", "Yes, cancel the appointment";
    KeepIt => "Nein, Termin behalten", "No, keep it";
    SearchTitle => "Termin suchen", "Find an appointment";
    SearchLabel => "Buchungsnummer oder Name", "Booking reference or name";
    SearchButton => "Suchen", "Search";
    SearchResults => "Gefundene Termine:", "Appointments found:";
    SearchClear => "Suchergebnis schließen", "Close the search results";
    CapacityTitle => "Auslastung", "Capacity";
    CapacityHint => "Belegte und angebotene Schalter-Einheiten: online und insgesamt (inklusive der Schalter, die nur das Personal bucht).", "Counter units used and offered: online and in total (including the counters only staff book).";
    Hour => "Stunde", "Hour";
    Day => "Tag", "Day";
    OnlineUsed => "Online belegt / angeboten", "Online used / offered";
    AllUsed => "Insgesamt belegt / angeboten", "All used / offered";
    Closed => "Geschlossen.", "Closed.";
    BookOnBehalfTitle => "Termin für Bürgerin oder Bürger buchen", "Book for a citizen";
    BookOnBehalfOpen => "Buchungsformular öffnen", "Open the booking form";
    CloseForm => "Formular schließen", "Close the form";
    BookOnBehalfHint => "Für Anrufe und den Schalter: Die Buchung darf auch die Schalter nutzen, die nicht online angeboten werden. Die Bestätigung geht per E-Mail an die Bürgerin oder den Bürger.", "For phone calls and the counter: the booking may use the counters not offered online. The confirmation is emailed to the citizen.";
    StartTime => "Uhrzeit", "Time";
    BookNow => "Termin buchen", "Book the appointment";
    BookedOnBehalf => "Gebucht. Buchungsnummer:", "Booked. Booking reference:";
    ChooseServiceFirst => "Bitte wählen Sie mindestens eine Dienstleistung (Anzahl 1 oder mehr).", "Please choose at least one service (quantity 1 or more).";
    ChooseDayAndTime => "Bitte geben Sie Datum und Uhrzeit an.", "Please enter the date and the time.";
    ClosedThatDay => "An diesem Tag ist der Standort geschlossen.", "The office is closed on this day.";
    ConfigurationTitle => "Einstellungen", "Configuration";
    OfficeSettingsTitle => "Standort, Kontakt und Hinweise", "Office, contact and notices";
    OfficeName => "Name des Standorts", "Name of the office";
    OfficeAddress => "Adresse", "Address";
    OfficePhone => "Telefon für dringende Anliegen", "Phone for urgent matters";
    OfficeEmail => "E-Mail für dringende Anliegen", "Email for urgent matters";
    NoticeDe => "Hinweis (Deutsch)", "Notice (German)";
    NoticeEn => "Hinweis (Englisch)", "Notice (English)";
    BookingRulesTitle => "Buchungsregeln", "Booking rules";
    HorizonDays => "Buchbar für so viele Tage im Voraus", "Bookable this many days ahead";
    MinNoticeMinutes => "Mindestvorlauf (Minuten)", "Minimum notice (minutes)";
    HoldMinutes => "Reservierung während der Eingabe (Minuten)", "Reservation while typing (minutes)";
    MaxOpenPerEmail => "Offene Termine je E-Mail-Adresse höchstens", "Open appointments per email address at most";
    ActivationRequired => "Buchung muss per E-Mail bestätigt werden", "Bookings must be confirmed by email";
    ActivationDeadlineMinutes => "Frist für die Bestätigung (Minuten)", "Time to confirm (minutes)";
    CooldownMinutes => "Abgesagte Zeiten erst wieder frei nach (Minuten)", "Cancelled times free again after (minutes)";
    WaitlistOfferMinutes => "Warteliste: Angebot gilt … Minuten (0 = keine Warteliste)", "Waitlist: an offer is kept … minutes (0 = no waitlist)";
    DailyReleaseTime => "Neue Tage werden freigegeben um (leer = Mitternacht)", "New days open at (empty = midnight)";
    ReleaseWindowMinutes => "Faire Freigabe: neue Tage … Minuten lang verlosen statt „wer zuerst klickt“ (0 = aus)", "Fair release: draw new days for … minutes instead of first come, first served (0 = off)";
    SaveOffice => "Standort speichern", "Save the office";
    NewOfficeTitle => "Neue Dienststelle anlegen", "Create a new office";
    NewOfficeOpen => "Formular für eine neue Dienststelle öffnen", "Open the form for a new office";
    NewOfficeHint => "Nach dem Anlegen öffnen sich die Einstellungen der neuen Dienststelle: Dort legen Sie Dienstleistungen, Öffnungszeiten und Schließtage fest.", "Once created, the new office's configuration opens: there you set its services, opening hours and closures.";
    OfficeCode => "Kürzel (1 bis 4 Großbuchstaben, Teil der Buchungsnummern)", "Code (1 to 4 capital letters, part of booking references)";
    OfficeTimeZone => "Zeitzone", "Time zone";
    OfficeState => "Bundesland (Kürzel, für Feiertage)", "German state (code, for public holidays)";
    CreateOffice => "Dienststelle anlegen", "Create the office";
    OfficeCreated => "Dienststelle angelegt. Jetzt Dienstleistungen und Öffnungszeiten festlegen.", "Office created. Now set its services and opening hours.";
    ErrCodeTaken => "ist schon an eine andere Dienststelle vergeben", "is already used by another office";
    ErrInvalidCode => "bitte 1 bis 4 Großbuchstaben", "please use 1 to 4 capital letters";
    ErrRequiredField => "bitte ausfüllen (höchstens 300 Zeichen)", "please fill in (at most 300 characters)";
    ErrUnknownTimeZone => "unbekannte Zeitzone, z. B. Europe/Berlin", "unknown time zone, e.g. Europe/Berlin";
    ErrUnknownState => "unbekanntes Bundesland, z. B. NW", "unknown German state, e.g. NW";
    ErrOutOfRange => "Wert außerhalb des erlaubten Bereichs", "value out of the allowed range";
    Saved => "Gespeichert.", "Saved.";
    Removed => "Entfernt.", "Removed.";
    ServicesTitle => "Dienstleistungen", "Services";
    ServicesHint => "Ob eine Dienstleistung an diesem Standort angeboten wird und wie viele Zeiteinheiten sie hier dauert. Texte, Unterlagen und Gebühren gelten für alle Standorte.", "Whether a service is offered at this office and how many slot units it takes here. Texts, documents and fees apply to all offices.";
    OfferedHere => "An diesem Standort angeboten", "Offered at this office";
    UnitsHere => "Dauer hier (Zeiteinheiten)", "Duration here (slot units)";
    SaveOffer => "Angebot speichern", "Save the offer";
    EditServiceTexts => "Texte, Unterlagen und Gebühren bearbeiten", "Edit texts, documents and fees";
    NameDe => "Name (Deutsch)", "Name (German)";
    NameEn => "Name (Englisch)", "Name (English)";
    DescriptionDe => "Beschreibung (Deutsch)", "Description (German)";
    DescriptionEn => "Beschreibung (Englisch)", "Description (English)";
    FeesDe => "Gebühren (Deutsch)", "Fees (German)";
    FeesEn => "Gebühren (Englisch)", "Fees (English)";
    DocumentsLines => "Unterlagen, eine pro Zeile: Deutsch | Englisch", "Documents, one per line: German | English";
    MaxQuantity => "Höchstanzahl je Termin", "Maximum quantity per appointment";
    OnlineBookable => "Online buchbar", "Bookable online";
    WaitlistPossible => "Warteliste möglich", "Waitlist possible";
    SaveService => "Dienstleistung speichern", "Save the service";
    NewServiceTitle => "Neue Leistung anlegen", "Create a new service";
    NewServiceOpen => "Formular für eine neue Leistung öffnen", "Open the form for a new service";
    CreateService => "Leistung anlegen", "Create the service";
    ServiceCreated => "Leistung angelegt. Sie wird noch an keinem Standort angeboten.", "Service created. It is not offered at any office yet.";
    OpeningRulesTitle => "Öffnungszeiten", "Opening hours";
    NoRules => "Keine Öffnungszeiten eingetragen – online ist nichts buchbar.", "No opening hours – nothing can be booked online.";
    Weekdays => "Wochentage", "Weekdays";
    Hours => "Uhrzeit", "Hours";
    SlotMinutes => "Zeiteinheit (Minuten)", "Slot length (minutes)";
    Counters => "Schalter", "Counters";
    CountersTotal => "Schalter insgesamt", "Counters in total";
    CountersOffline => "davon nur für das Personal", "of them for staff bookings only";
    Validity => "Gültig", "Valid";
    Always => "immer", "always";
    Actions => "Aktionen", "Actions";
    Remove => "Entfernen", "Remove";
    AddRule => "Öffnungszeit hinzufügen", "Add opening hours";
    Opens => "Öffnet um", "Opens at";
    Closes => "Schließt um", "Closes at";
    ValidFrom => "Gültig ab (freiwillig)", "Valid from (optional)";
    ValidUntil => "Gültig bis (freiwillig)", "Valid until (optional)";
    TimesMissing => "Bitte geben Sie an, wann der Standort öffnet und schließt.", "Please enter when the office opens and closes.";
    WeekdaysMissing => "Bitte wählen Sie mindestens einen Wochentag.", "Please choose at least one weekday.";
    ClosuresTitle => "Schließtage", "Closures";
    NoClosures => "Keine Schließtage eingetragen.", "No closures.";
    AddClosure => "Schließung eintragen", "Add a closure";
    ClosureHint => "Ohne Uhrzeiten ist der Standort ganztägig geschlossen. Gebuchte Termine werden vorher angezeigt.", "Without times the office is closed all day. Booked appointments are shown before saving.";
    FirstDay => "Erster Tag", "First day";
    LastDay => "Letzter Tag (leer: nur der erste)", "Last day (empty: only the first)";
    FromTime => "Von (Uhrzeit, freiwillig)", "From (time, optional)";
    UntilTime => "Bis (Uhrzeit, freiwillig)", "Until (time, optional)";
    ClosureReason => "Grund (steht in der E-Mail an abgesagte Bürger)", "Reason (part of the email to cancelled citizens)";
    ClosureDateMissing => "Bitte geben Sie den ersten Tag der Schließung an.", "Please enter the first day of the closure.";
    AffectedCount => "Gebuchte Termine, die betroffen sind:", "Booked appointments affected:";
    AffectedQuestion => "Was soll mit diesen Terminen geschehen?", "What should happen to these appointments?";
    AffectedCancel => "Absagen – die Bürgerinnen und Bürger werden per E-Mail benachrichtigt", "Cancel them – the citizens are notified by email";
    AffectedKeep => "Behalten – das Bürgeramt nimmt sie trotzdem wahr", "Keep them – the office serves them anyway";
    SaveChange => "Änderung speichern", "Save the change";
    AbortChange => "Nicht ändern", "Do not change";
    StatisticsTitle => "Statistik", "Statistics";
    PeriodFrom => "Von", "From";
    PeriodTo => "Bis", "To";
    ShowPeriod => "Zeitraum anzeigen", "Show the period";
    DownloadCsv => "Als CSV herunterladen", "Download as CSV";
    TotalsTitle => "Summen im Zeitraum", "Totals of the period";
    ChartsTitle => "Diagramme", "Charts";
    ChartBookings => "Buchungen pro Tag", "Bookings per day";
    ChartUtilisation => "Online-Auslastung pro Tag", "Online utilisation per day";
    DaysTableTitle => "Zahlen pro Tag", "Numbers per day";
    StatBookings => "Buchungen", "Bookings";
    StatCancelledByCitizen => "Abgesagt von Bürgern", "Cancelled by citizens";
    StatCancelledByOffice => "Abgesagt vom Amt", "Cancelled by the office";
    StatNoShows => "Nicht erschienen", "No-shows";
    StatOnlineUnits => "Online belegt / angeboten (Einheiten)", "Online used / offered (units)";
    StatStaffUnits => "Vom Personal gebucht (Einheiten)", "Booked by staff (units)";
    StatUtilisation => "Auslastung online", "Online utilisation";
    DownloadQueueCsv => "Warteschlange als CSV herunterladen", "Download the queue as CSV";
    QueueFiguresTitle => "Warteschlange: gemessene Warte- und Bedienzeiten", "Call queue: measured waiting and service times";
    QueueFiguresIntro => "Wartezeit: vom Ziehen der Wartenummer oder der Anmeldung zum Termin bis zum ersten Aufruf. Bedienzeit: vom letzten Aufruf bis „Erledigt“. Zeiten in Minuten.", "Waiting time: from drawing the number or checking in for the appointment until the first call. Service time: from the last call until “Done”. Times in minutes.";
    QueueNobodyCalled => "In diesem Zeitraum wurde niemand aus der Warteschlange aufgerufen.", "Nobody was called from the queue in this period.";
    ChartWaitAppointments => "Mittlere Wartezeit nach Uhrzeit – mit Termin", "Mean waiting time by hour of day – appointments";
    ChartWaitWalkIns => "Mittlere Wartezeit nach Uhrzeit – ohne Termin", "Mean waiting time by hour of day – walk-ins";
    QueueTotalsTitle => "Warteschlange im ganzen Zeitraum", "Call queue over the whole period";
    QueueDaysTitle => "Warteschlange pro Tag", "Call queue per day";
    QueueDaysHint => "Tage, an denen niemand aufgerufen wurde, sind ausgelassen.", "Days on which nobody was called are left out.";
    QueueHoursTitle => "Warteschlange nach Uhrzeit (Stunde des Ankommens)", "Call queue by hour of day (hour of arrival)";
    Period => "Zeitraum", "Period";
    WholePeriod => "ganzer Zeitraum", "whole period";
    LaneColumn => "Warteschlange", "Lane";
    QueueCalledCount => "Aufgerufen", "Called";
    QueueServedCount => "Bedient", "Served";
    QueueMeanWait => "Wartezeit Mittel", "Mean wait";
    QueueMedianWait => "Wartezeit Median", "Median wait";
    QueueMeanService => "Bedienzeit Mittel", "Mean service";
}

/// The message of a failed login.
pub fn login_error(code: &str) -> Text {
    match code {
        "invalid_credentials" | "unauthorized" => Text::ErrInvalidCredentials,
        "rate_limited" => Text::ErrTooManyAttempts,
        _ => Text::ErrValidation,
    }
}

/// What is wrong with one field of a 422, by the field error's `code`.
pub fn field_error_message(locale: Locale, code: &str) -> Option<&'static str> {
    let text = match code {
        "code_taken" => Text::ErrCodeTaken,
        "invalid_code" => Text::ErrInvalidCode,
        "required" => Text::ErrRequiredField,
        "unknown_time_zone" => Text::ErrUnknownTimeZone,
        "unknown_state" => Text::ErrUnknownState,
        "out_of_range" => Text::ErrOutOfRange,
        "invalid_username" => Text::ErrInvalidUsername,
        "password_too_short" => Text::ErrPasswordTooShort,
        "password_too_weak" => Text::ErrPasswordTooWeak,
        _ => return None,
    };
    Some(text.get(locale))
}

/// What is wrong with one field of a help entry, by the field error's `code`.
pub fn faq_field_error(locale: Locale, code: &str) -> &'static str {
    let text = match code {
        "unsafe_link" => Text::FaqUnsafeLink,
        "slug_taken" => Text::FaqSlugTaken,
        "invalid_slug" => Text::FaqSlugInvalid,
        "required" => Text::FaqRequired,
        _ => return super::Text::ErrFieldInvalid.get(locale),
    };
    text.get(locale)
}

/// The form label of a field named in a 422 (the API's field path), where one is known.
pub fn field_label(field: &str) -> Option<Text> {
    Some(match field {
        "code" => Text::OfficeCode,
        "name" => Text::OfficeName,
        "address" => Text::OfficeAddress,
        "time_zone" => Text::OfficeTimeZone,
        "state" => Text::OfficeState,
        "phone" => Text::OfficePhone,
        "email" => Text::OfficeEmail,
        "name_de" => Text::NameDe,
        "name_en" => Text::NameEn,
        "max_quantity" => Text::MaxQuantity,
        "booking_rules.horizon_days" => Text::HorizonDays,
        "booking_rules.min_notice_minutes" => Text::MinNoticeMinutes,
        "booking_rules.hold_minutes" => Text::HoldMinutes,
        "booking_rules.max_open_appointments_per_email" => Text::MaxOpenPerEmail,
        "booking_rules.activation_deadline_minutes" => Text::ActivationDeadlineMinutes,
        "booking_rules.cancellation_cooldown_minutes" => Text::CooldownMinutes,
        "booking_rules.waitlist_offer_minutes" => Text::WaitlistOfferMinutes,
        "booking_rules.release_window_minutes" => Text::ReleaseWindowMinutes,
        "booking_rules.daily_release_time" => Text::DailyReleaseTime,
        "waitlist" => Text::WaitlistPossible,
        "username" => Text::AccountUsername,
        "password" => Text::AccountPassword,
        "offices" => Text::AccountOffices,
        _ => return None,
    })
}

/// The message for a stable API error `code` in the staff views (citizen texts otherwise).
pub fn error_message(locale: Locale, code: &str) -> &'static str {
    let staff = match code {
        "unauthorized" => Text::ErrSessionEnded,
        "forbidden" => Text::ErrForbidden,
        "csrf_rejected" => Text::ErrCsrf,
        "appointments_affected" => Text::ErrAppointmentsAffected,
        "invalid_transition" => Text::ErrInvalidTransition,
        "not_yet_started" => Text::ErrNotYetStarted,
        "appointment_started" => Text::ErrAppointmentStarted,
        "reason_required" => Text::ErrReasonRequired,
        "overlapping_rule" => Text::ErrOverlappingRule,
        "slot_taken" => Text::ErrSlotTaken,
        "validation_failed" => Text::ErrValidation,
        "invalid_credentials" => Text::ErrInvalidCredentials,
        "username_taken" => Text::ErrUsernameTaken,
        "cannot_demote_self" => Text::ErrCannotDemoteSelf,
        "cannot_disable_self" => Text::ErrCannotDisableSelf,
        "invalid_counter" => Text::QueueCounterHint,
        "called_too_few_times" => Text::ErrCalledTooFewTimes,
        _ => return super::error_text(code).get(locale),
    };
    staff.get(locale)
}

/// What an audit entry's `entity` is, in words (unknown kinds as the server wrote them).
pub fn audit_entity_name(locale: Locale, entity: &str) -> &str {
    let (de, en) = match entity {
        "appointment" => ("Termin", "appointment"),
        "booking" => ("Buchung", "booking"),
        "office" => ("Standort", "office"),
        "service" => ("Dienstleistung", "service"),
        "office_service" => (
            "Angebot (Standort/Dienstleistung)",
            "offer (office/service)",
        ),
        "opening_rule" => ("Öffnungszeit", "opening rule"),
        "closure" => ("Schließung", "closure"),
        "staff_account" => ("Konto", "staff account"),
        "api_client" => ("Portal-Zugang", "portal API client"),
        "faq_entry" => ("Frage und Antwort", "help entry"),
        "kiosk" => ("Ticket-Kiosk", "ticket kiosk"),
        "queue_settings" => ("Aufrufregeln", "call rules"),
        // Historical: no longer recorded, old entries still show.
        "waiting_time_snapshot" => (
            "frühere Wartezeit-Messung",
            "former waiting time measurement",
        ),
        other => (other, other),
    };
    match locale {
        Locale::De => de,
        Locale::En => en,
    }
}

/// "Seite 2 von 5 (230 Einträge)" / "Page 2 of 5 (230 entries)".
pub fn audit_page_of(locale: Locale, page: u32, pages: u64, total: u64) -> String {
    match (locale, total) {
        (Locale::De, 1) => format!("Seite {page} von {pages} (1 Eintrag)"),
        (Locale::De, _) => format!("Seite {page} von {pages} ({total} Einträge)"),
        (Locale::En, 1) => format!("Page {page} of {pages} (1 entry)"),
        (Locale::En, _) => format!("Page {page} of {pages} ({total} entries)"),
    }
}

pub fn role_name(locale: Locale, role: StaffRole) -> &'static str {
    match (locale, role) {
        (Locale::De, StaffRole::Admin) => "Administration",
        (Locale::De, StaffRole::Manager) => "Standortleitung",
        (Locale::De, StaffRole::Clerk) => "Sachbearbeitung",
        (Locale::En, StaffRole::Admin) => "administrator",
        (Locale::En, StaffRole::Manager) => "manager",
        (Locale::En, StaffRole::Clerk) => "clerk",
    }
}

pub fn role_description(locale: Locale, role: StaffRole) -> &'static str {
    match (locale, role) {
        (Locale::De, StaffRole::Admin) => {
            "Sie verwalten alle Standorte: Tagespläne, Einstellungen und Statistik, und sehen das Änderungsprotokoll."
        }
        (Locale::De, StaffRole::Manager) => {
            "Sie verwalten Ihre Standorte: Tagespläne, Einstellungen und Statistik."
        }
        (Locale::De, StaffRole::Clerk) => "Sie bearbeiten die Tagespläne Ihrer Standorte.",
        (Locale::En, StaffRole::Admin) => {
            "You manage all offices: day plans, configuration and statistics, and see the audit log."
        }
        (Locale::En, StaffRole::Manager) => {
            "You manage your offices: day plans, configuration and statistics."
        }
        (Locale::En, StaffRole::Clerk) => "You handle the day plans of your offices.",
    }
}

/// An appointment's status as staff read it.
pub fn status_name(locale: Locale, status: AppointmentStatus) -> &'static str {
    use AppointmentStatus as S;
    match (locale, status) {
        (Locale::De, S::PendingActivation) => "wartet auf Bestätigung",
        (Locale::De, S::Booked) => "gebucht",
        (Locale::De, S::CheckedIn) => "eingetroffen",
        (Locale::De, S::Completed) => "erledigt",
        (Locale::De, S::NoShow) => "nicht erschienen",
        (Locale::De, S::CancelledByCitizen) => "vom Bürger abgesagt",
        (Locale::De, S::CancelledByOffice) => "vom Amt abgesagt",
        (Locale::De, S::Expired) => "verfallen",
        (Locale::En, S::PendingActivation) => "awaiting confirmation",
        (Locale::En, S::Booked) => "booked",
        (Locale::En, S::CheckedIn) => "checked in",
        (Locale::En, S::Completed) => "completed",
        (Locale::En, S::NoShow) => "no-show",
        (Locale::En, S::CancelledByCitizen) => "cancelled by the citizen",
        (Locale::En, S::CancelledByOffice) => "cancelled by the office",
        (Locale::En, S::Expired) => "expired",
    }
}

pub fn channel_name(locale: Locale, channel: BookingChannel) -> &'static str {
    match (locale, channel) {
        (Locale::De, BookingChannel::Online) => "online",
        (Locale::De, BookingChannel::Staff) => "Personal (Telefon/Schalter)",
        (Locale::En, BookingChannel::Online) => "online",
        (Locale::En, BookingChannel::Staff) => "staff (phone/counter)",
    }
}

/// "Schließung gespeichert, 2 Termine abgesagt."
pub fn closure_saved(locale: Locale, cancelled: usize) -> String {
    match (locale, cancelled) {
        (Locale::De, 0) => "Schließung gespeichert.".into(),
        (Locale::De, 1) => "Schließung gespeichert, 1 Termin abgesagt.".into(),
        (Locale::De, n) => format!("Schließung gespeichert, {n} Termine abgesagt."),
        (Locale::En, 0) => "Closure saved.".into(),
        (Locale::En, 1) => "Closure saved, 1 appointment cancelled.".into(),
        (Locale::En, n) => format!("Closure saved, {n} appointments cancelled."),
    }
}

/// The name of a lane of the call queue.
pub fn lane_name(lane: QueueLane) -> Text {
    match lane {
        QueueLane::Appointment => Text::QueueLaneAppointment,
        QueueLane::WalkIn => Text::QueueLaneWalkIn,
    }
}

/// "12,5 min" / "12.5 min"; "–" where nothing was measured.
pub fn minutes(locale: Locale, value: Option<f64>) -> String {
    let Some(value) = value else {
        return "–".to_owned();
    };
    let value = format!("{value:.1}");
    match locale {
        Locale::De => format!("{} min", value.replace('.', ",")),
        Locale::En => format!("{value} min"),
    }
}

/// "42,5 %" / "42.5%".
pub fn percent(locale: Locale, ratio: f64) -> String {
    let value = format!("{:.1}", ratio * 100.0);
    match locale {
        Locale::De => format!("{} %", value.replace('.', ",")),
        Locale::En => format!("{value}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_follow_each_languages_conventions() {
        assert_eq!(percent(Locale::De, 0.425), "42,5 %");
        assert_eq!(percent(Locale::En, 0.425), "42.5%");
    }

    #[test]
    fn minutes_follow_each_languages_conventions_and_show_a_dash_when_unmeasured() {
        assert_eq!(minutes(Locale::De, Some(12.26)), "12,3 min");
        assert_eq!(minutes(Locale::En, Some(7.5)), "7.5 min");
        assert_eq!(minutes(Locale::De, None), "–");
    }

    #[test]
    fn a_wrong_password_reads_as_such_and_staff_codes_have_messages() {
        assert_eq!(
            login_error("invalid_credentials"),
            Text::ErrInvalidCredentials
        );
        assert_eq!(login_error("rate_limited"), Text::ErrTooManyAttempts);
        assert!(error_message(Locale::De, "appointments_affected").contains("Termine"));
        assert!(error_message(Locale::En, "overlapping_rule").contains("overlap"));
    }

    #[test]
    fn help_entry_fields_have_their_own_messages_and_a_general_one() {
        assert_eq!(
            faq_field_error(Locale::De, "slug_taken"),
            "Dieser Kurzname ist schon vergeben."
        );
        assert_eq!(faq_field_error(Locale::En, "required"), "Please fill in.");
        assert_eq!(
            faq_field_error(Locale::De, "unknown_office"),
            super::super::Text::ErrFieldInvalid.get(Locale::De)
        );
    }
}
