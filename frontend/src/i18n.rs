//! Every word the citizen reads, in German and English, and locale-aware dates and times.
//!
//! Static texts are the [`Text`] enum; texts with values in them are functions below it.
//! The current [`Locale`] is a signal in context, remembered in `localStorage` (nothing else is),
//! and mirrored into `<html lang>`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};
use leptos::prelude::*;
use shared::call_queue::{WalkInState, WalkIns};
use shared::citizen::Refusal;
/// Dates and times are formatted by `shared::format`, so the app and the emails read the same.
pub use shared::format::{
    appointment_time, clock, date_time, long_date, month_name, time_range, weekday_name,
    weekday_short,
};
pub use shared::locale::Locale;

const STORAGE_KEY: &str = "terminvergabe.locale";

/// The locale signal, provided once by the app.
#[derive(Debug, Clone, Copy)]
struct LocaleContext(RwSignal<Locale>);

/// Creates the locale signal (stored choice, else the browser's language, else German), keeps
/// `<html lang>` and `localStorage` in step with it, and provides it to the app.
pub fn provide_locale() -> RwSignal<Locale> {
    let initial = stored_locale().or_else(browser_locale).unwrap_or_default();
    let locale = RwSignal::new(initial);
    provide_context(LocaleContext(locale));
    Effect::new(move |_| {
        let locale = locale.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.code());
        }
        document().set_title(Text::AppName.get(locale));
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, locale.code());
        }
    });
    locale
}

fn stored_locale() -> Option<Locale> {
    let storage = window().local_storage().ok()??;
    Locale::from_tag(&storage.get_item(STORAGE_KEY).ok()??)
}

fn browser_locale() -> Option<Locale> {
    Locale::from_tag(&window().navigator().language()?)
}

/// The current locale (reactive).
pub fn use_locale() -> RwSignal<Locale> {
    expect_context::<LocaleContext>().0
}

/// A reactive text: re-renders when the language changes.
pub fn t(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || text.get(locale.get())
}

macro_rules! texts {
    ($($name:ident => $de:expr, $en:expr;)*) => {
        /// A fixed user-facing text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text { $($name),* }

        impl Text {
            pub fn get(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Text::$name, Locale::De) => $de, (Text::$name, Locale::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    AppName => "Terminvergabe Bürgeramt", "Citizens' office appointments";
    SkipToContent => "Zum Inhalt springen", "Skip to content";
    MainNavigation => "Hauptnavigation", "Main navigation";
    NavHome => "Startseite", "Home";
    NavBook => "Termin buchen", "Book an appointment";
    LanguageLabel => "Sprache", "Language";
    FooterNote => "Termine für Bürgerämter – ohne Tracking, ohne Drittanbieter.", "Appointments for citizens' offices – no tracking, no third parties.";
    FooterPrivacy => "Ihre Angaben werden nur für die Terminvergabe verwendet und nach dem Termin gelöscht.", "Your details are used only to arrange the appointment and are deleted after it.";
    Loading => "Wird geladen …", "Loading …";
    TryAgain => "Erneut versuchen", "Try again";
    NavHelp => "Hilfe", "Help";
    HelpTitle => "Fragen und Antworten zur Online-Terminvergabe", "Questions and answers about booking online";
    HelpIntro => "Hinweise und Antworten auf die häufigsten Fragen zur Online-Terminvergabe. In dringenden Fällen rufen Sie uns bitte an.", "Notes and answers to the most frequent questions about booking online. In urgent cases, please call us.";
    HelpSearchLabel => "Fragen und Antworten durchsuchen", "Search the questions and answers";
    HelpForOffice => "Antworten für alle Standorte und für:", "Answers for every office and for:";
    HelpAllOffices => "Alle Standorte zeigen", "Show all offices";
    HelpOnlyFor => "Gilt nur für:", "Only for:";
    BookHelpQuestion => "Fragen zur Buchung?", "Questions about booking?";
    BookHelpLink => "Hilfe und häufige Fragen", "Help and frequent questions";
    BookHelpLabel => "Hilfe", "Help";
    NotFoundTitle => "Seite nicht gefunden", "Page not found";
    NotFoundBody => "Diese Adresse gibt es nicht. Bitte prüfen Sie den Link oder gehen Sie zur Startseite.", "This address does not exist. Please check the link or go to the home page.";
    HomeTitle => "Termin beim Bürgeramt buchen", "Book an appointment at the citizens' office";
    HomeIntro => "Wählen Sie eine Dienstleistung, suchen Sie sich einen freien Termin aus und erhalten Sie die Bestätigung per E-Mail.", "Choose a service, pick a free time and receive the confirmation by email.";
    StartBooking => "Termin buchen", "Book an appointment";
    OfficesHeading => "Unsere Standorte", "Our offices";
    OpeningHours => "Öffnungszeiten", "Opening hours";
    Address => "Adresse", "Address";
    UrgentTitle => "Nicht für dringende Anliegen", "Not for urgent matters";
    UrgentCall => "Dringende Anliegen bitte telefonisch unter", "For urgent matters, please call";
    UrgentOr => "oder per E-Mail an", "or write to";
    PhoneShort => "Telefon", "Phone";
    EmailShort => "E-Mail", "Email";
    ServicesHeading => "Dienstleistungen", "Services";
    ServiceSearchLabel => "Dienstleistung suchen", "Search services";
    ServiceSearchHint => "z. B. Personalausweis, Reisepass, Anmeldung", "e.g. ID card, passport, registration";
    NoServicesMatch => "Keine Dienstleistung passt zu Ihrer Suche.", "No service matches your search.";
    Fees => "Gebühren", "Fees";
    DocumentsToBring => "Bitte mitbringen", "Please bring";
    NoDocuments => "Keine Unterlagen nötig.", "No documents needed.";
    NextFree => "Nächster freier Termin", "Next free appointment";
    NoFreeAppointment => "Zurzeit kein freier Termin online.", "No free appointment online at the moment.";
    NotOnlineBookable => "Nicht online buchbar – bitte rufen Sie uns an.", "Not bookable online – please call us.";
    BookThisService => "Diesen Termin buchen", "Book this service";
    BookTitle => "Termin buchen", "Book an appointment";
    StepsLabel => "Fortschritt", "Progress";
    StepServices => "Anliegen", "Services";
    StepTime => "Zeit", "Time";
    StepAppointments => "Übersicht", "Overview";
    StepDetails => "Ihre Angaben", "Your details";
    StepDone => "Fertig", "Done";
    StepDoneMark => "erledigt", "done";
    ChooseOffice => "Standort", "Office";
    ChooseOfficeHint => "An welchem Standort möchten Sie Ihr Anliegen erledigen?", "At which office would you like to come?";
    ChooseServices => "Was möchten Sie erledigen?", "What would you like to do?";
    ChooseServicesHint => "Wählen Sie bei jeder Dienstleistung, wie oft Sie sie brauchen (z. B. 2 Reisepässe für zwei Kinder).", "Choose how many of each service you need (e.g. 2 passports for two children).";
    Decrease => "weniger", "fewer";
    Increase => "mehr", "more";
    NoServicesAtOffice => "An diesem Standort gibt es keine online buchbaren Dienstleistungen.", "This office has no services that can be booked online.";
    ChooseAtLeastOne => "Bitte wählen Sie mindestens eine Dienstleistung aus (Anzahl 1 oder mehr).", "Please choose at least one service (quantity 1 or more).";
    ContinueToTime => "Weiter zur Terminwahl", "Continue to choose a time";
    Back => "Zurück", "Back";
    ChooseTime => "Wann möchten Sie kommen?", "When would you like to come?";
    ChooseDay => "Tag wählen", "Choose a day";
    CalendarHint => "Mit den Pfeiltasten wechseln Sie den Tag, mit Bild auf/ab den Monat.", "Use the arrow keys to change the day and Page Up/Down to change the month.";
    PreviousMonth => "Vorheriger Monat", "Previous month";
    NextMonth => "Nächster Monat", "Next month";
    JumpToNextFree => "Zum nächsten freien Tag", "Go to the next free day";
    NoFreeDaysInMonth => "In diesem Monat gibt es keine freien Termine.", "There are no free appointments in this month.";
    NoFreeDaysAtAll => "Zurzeit gibt es keine freien Termine. Bitte versuchen Sie es später noch einmal oder rufen Sie uns an.", "There are no free appointments at the moment. Please try again later or call us.";
    FreeTimesHeading => "Freie Uhrzeiten", "Free times";
    ChooseDayFirst => "Wählen Sie zuerst einen Tag im Kalender.", "First choose a day in the calendar.";
    NoFreeTimesThatDay => "An diesem Tag ist leider nichts mehr frei. Bitte wählen Sie einen anderen Tag.", "Nothing is free on this day any more. Please choose another day.";
    HoldingTime => "Die Uhrzeit wird für Sie reserviert …", "Reserving the time for you …";
    Legend => "Legende", "Legend";
    LegendFree => "freie Termine", "free appointments";
    LegendNone => "nichts frei", "nothing free";
    LegendSelected => "ausgewählt", "selected";
    AppointmentsTitle => "Ihre Termine", "Your appointments";
    AppointmentsHint => "Die Uhrzeiten sind für Sie reserviert, bis die Zeit abläuft. Schließen Sie die Buchung vorher ab.", "The times are reserved for you until the timer runs out. Please finish the booking before then.";
    ReservedFor => "Reserviert für noch", "Reserved for another";
    ReservationExpired => "Die Reservierung ist abgelaufen. Bitte wählen Sie die Uhrzeit neu.", "The reservation has expired. Please choose the time again.";
    ChooseNewTime => "Neue Uhrzeit wählen", "Choose a new time";
    RemoveAppointment => "Termin entfernen", "Remove appointment";
    AddAnother => "Weiteren Termin hinzufügen", "Add another appointment";
    ContinueToDetails => "Weiter zu Ihren Angaben", "Continue to your details";
    NoAppointmentsYet => "Sie haben noch keinen Termin ausgewählt.", "You have not chosen an appointment yet.";
    DetailsTitle => "Ihre Angaben", "Your details";
    RequiredHint => "Alle Felder mit * sind Pflichtfelder.", "All fields marked * are required.";
    Name => "Vor- und Nachname", "First and last name";
    Email => "E-Mail-Adresse", "Email address";
    EmailHint => "An diese Adresse senden wir die Bestätigung.", "We send the confirmation to this address.";
    EmailRepeat => "E-Mail-Adresse wiederholen", "Repeat email address";
    Phone => "Telefonnummer (freiwillig)", "Phone number (optional)";
    PhoneHint => "Nur für Rückfragen zu Ihrem Termin.", "Only for questions about your appointment.";
    Consent => "Ich habe die Datenschutzhinweise gelesen und bin einverstanden, dass meine Angaben für die Terminvergabe verarbeitet werden.", "I have read the privacy notice and agree that my details are processed to arrange the appointment.";
    PrivacyNotice => "Datenschutzhinweise: Wir verwenden Ihren Namen, Ihre E-Mail-Adresse und (falls angegeben) Ihre Telefonnummer nur, um Ihren Termin zu vergeben, zu bestätigen und Sie bei Änderungen zu informieren. Die Angaben werden nach dem Termin gelöscht.", "Privacy notice: we use your name, email address and (if given) phone number only to arrange and confirm your appointment and to tell you about changes. Your details are deleted after the appointment.";
    ErrNameMissing => "Bitte geben Sie Ihren Vor- und Nachnamen ein.", "Please enter your first and last name.";
    ErrNameTooLong => "Der Name ist zu lang. Bitte kürzen Sie ihn auf höchstens 100 Zeichen.", "The name is too long. Please shorten it to at most 100 characters.";
    ErrNameCharacters => "Der Name enthält unzulässige Steuerzeichen. Bitte geben Sie ihn neu ein.", "The name contains control characters. Please type it again.";
    ErrEmailMissing => "Bitte geben Sie Ihre E-Mail-Adresse ein, z. B. name@beispiel.de.", "Please enter your email address, e.g. name@example.org.";
    ErrEmailInvalid => "Die E-Mail-Adresse ist unvollständig. Sie braucht ein @ und eine Domain, z. B. name@beispiel.de.", "The email address is incomplete. It needs an @ and a domain, e.g. name@example.org.";
    ErrEmailMismatch => "Die beiden E-Mail-Adressen stimmen nicht überein. Bitte prüfen Sie die Schreibweise.", "The two email addresses do not match. Please check the spelling.";
    ErrPhoneInvalid => "Die Telefonnummer darf nur Ziffern, Leerzeichen und + ( ) / - enthalten, z. B. 0571 12345.", "The phone number may only contain digits, spaces and + ( ) / -, e.g. +49 571 12345.";
    ErrPhoneLength => "Die Telefonnummer braucht mindestens 3 Ziffern und höchstens 30 Zeichen, z. B. 0571 12345.", "The phone number needs at least 3 digits and at most 30 characters, e.g. +49 571 12345.";
    ErrConsentMissing => "Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben.", "Please confirm that you have read the privacy notice.";
    ErrFieldInvalid => "Diese Angabe ist ungültig. Bitte prüfen Sie sie.", "This entry is not valid. Please check it.";
    FormHasErrors => "Bitte korrigieren Sie die markierten Angaben.", "Please correct the marked entries.";
    ErrorPrefix => "Fehler:", "Error:";
    SubmitBooking => "Verbindlich buchen", "Book now";
    Submitting => "Wird gebucht …", "Booking …";
    ConflictTitle => "Diese Uhrzeit ist nicht mehr frei", "This time is no longer available";
    ConflictNearest => "Diese Uhrzeiten am selben Tag sind noch frei:", "These times on the same day are still free:";
    ConflictNone => "An diesem Tag ist nichts mehr frei.", "Nothing is free on this day any more.";
    ConflictOtherDay => "Anderen Tag wählen", "Choose another day";
    ConflictKept => "Ihre Angaben bleiben erhalten.", "Everything you entered is kept.";
    DoneTitle => "Ihr Termin ist gebucht", "Your appointment is booked";
    DonePendingTitle => "Fast geschafft: Bitte bestätigen Sie Ihren Termin", "Almost done: please confirm your appointment";
    Reference => "Buchungsnummer", "Booking reference";
    ReferenceHint => "Bitte notieren Sie die Buchungsnummer.", "Please note your booking reference.";
    WhatsNext => "Wie geht es weiter?", "What happens next?";
    NextEmail => "Sie erhalten gleich eine E-Mail mit allen Angaben und einem Link, mit dem Sie den Termin ändern oder absagen können.", "You will shortly receive an email with all details and a link to change or cancel the appointment.";
    NextActivate => "Ihr Termin ist erst gültig, wenn Sie ihn bestätigen: Klicken Sie auf den Link in der E-Mail, die wir Ihnen gerade geschickt haben.", "Your appointment only counts once you confirm it: click the link in the email we have just sent you.";
    NextBring => "Bringen Sie die Unterlagen aus der Liste unten mit. Kommen Sie bitte pünktlich.", "Bring the documents from the list below. Please be on time.";
    NextCancel => "Wenn Sie nicht kommen können, sagen Sie den Termin bitte ab – dann kann ihn jemand anderes nutzen.", "If you cannot come, please cancel the appointment so that someone else can use it.";
    Checklist => "Checkliste: Das bringen Sie mit", "Checklist: what to bring";
    AddToCalendar => "In den Kalender eintragen (.ics)", "Add to calendar (.ics)";
    ManageBooking => "Buchung ansehen, ändern oder absagen", "View, change or cancel the booking";
    NewBooking => "Neue Buchung beginnen", "Start a new booking";
    DownloadFailed => "Die Kalenderdatei konnte nicht geladen werden.", "The calendar file could not be downloaded.";
    ManageTitle => "Ihre Buchung", "Your booking";
    ManageNoToken => "Um Ihre Buchung zu sehen, öffnen Sie bitte den Link aus Ihrer Bestätigungs-E-Mail.", "To see your booking, please open the link from your confirmation email.";
    Status => "Status", "Status";
    Office => "Standort", "Office";
    Services => "Dienstleistungen", "Services";
    CancelAppointment => "Termin absagen", "Cancel appointment";
    CancelAll => "Alle Termine absagen", "Cancel all appointments";
    CancelConfirmOne => "Möchten Sie diesen Termin wirklich absagen? Das kann nicht rückgängig gemacht werden.", "Do you really want to cancel this appointment? This cannot be undone.";
    CancelConfirmAll => "Möchten Sie wirklich alle Termine dieser Buchung absagen? Das kann nicht rückgängig gemacht werden.", "Do you really want to cancel all appointments of this booking? This cannot be undone.";
    YesCancel => "Ja, absagen", "Yes, cancel";
    KeepAppointment => "Nein, Termin behalten", "No, keep it";
    Cancelled => "Der Termin wurde abgesagt.", "The appointment has been cancelled.";
    AllCancelled => "Alle Termine wurden abgesagt.", "All appointments have been cancelled.";
    Reschedule => "Uhrzeit ändern", "Change time";
    AskForEarlier => "Früheren Termin wünschen", "Wish for an earlier time";
    EarlierRequested => "Sie stehen auf der Warteliste für einen früheren Termin. Wird einer frei, bieten wir ihn Ihnen per E-Mail an; bis dahin bleibt Ihr Termin, wie er ist.", "You are on the waitlist for an earlier time. When one becomes free, we offer it to you by email; until then your appointment stays as it is.";
    RescheduleTitle => "Neue Uhrzeit wählen", "Choose a new time";
    RescheduleConfirm => "Auf diese Uhrzeit verschieben?", "Move to this time?";
    YesReschedule => "Ja, verschieben", "Yes, move it";
    CancelAction => "Abbrechen", "Cancel";
    Rescheduled => "Der Termin wurde verschoben.", "The appointment has been moved.";
    ActivateTitle => "Termin bestätigen", "Confirm appointment";
    ActivateAsk => "Sie haben diesen Termin online gebucht? Dann bestätigen Sie ihn bitte hier. Erst dann ist er verbindlich.", "Did you book this appointment online? Then please confirm it here. Only then is it binding.";
    ActivateButton => "Termin verbindlich bestätigen", "Confirm the appointment";
    Activating => "Ihr Termin wird bestätigt …", "Confirming your appointment …";
    Activated => "Vielen Dank! Ihr Termin ist jetzt verbindlich gebucht.", "Thank you! Your appointment is now confirmed.";
    StatusPendingActivation => "wartet auf Ihre Bestätigung", "waiting for your confirmation";
    StatusConfirmed => "bestätigt", "confirmed";
    StatusCancelled => "abgesagt", "cancelled";
    StatusExpired => "verfallen (nicht rechtzeitig bestätigt)", "expired (not confirmed in time)";
    ApptBooked => "gebucht", "booked";
    ApptCheckedIn => "angemeldet", "checked in";
    ApptCompleted => "erledigt", "completed";
    ApptNoShow => "nicht erschienen", "missed";
    ApptCancelledByCitizen => "von Ihnen abgesagt", "cancelled by you";
    ApptCancelledByOffice => "vom Bürgeramt abgesagt", "cancelled by the office";
    ConfirmBy => "Bitte bestätigen Sie bis", "Please confirm by";
    ErrSlotTaken => "Diese Uhrzeit wurde inzwischen von jemand anderem gebucht.", "Someone else has booked this time in the meantime.";
    ErrValidation => "Einige Angaben sind nicht gültig. Bitte prüfen Sie die markierten Felder.", "Some entries are not valid. Please check the marked fields.";
    ErrHoldExpired => "Die Reservierung der Uhrzeit ist abgelaufen.", "The reservation of the time has expired.";
    ErrNotFound => "Das haben wir nicht gefunden. Vielleicht ist der Link nicht mehr gültig.", "We could not find that. The link may no longer be valid.";
    ErrRateLimited => "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.", "Too many requests in a short time. Please wait a moment and try again.";
    ErrUnauthorized => "Der Link ist ungültig oder abgelaufen. Bitte verwenden Sie den Link aus Ihrer neuesten E-Mail.", "The link is invalid or has expired. Please use the link from your latest email.";
    ErrTooManyOpen => "Mit dieser E-Mail-Adresse sind schon zu viele offene Termine gebucht.", "Too many open appointments are already booked with this email address.";
    ErrTooLate => "Dieser Termin kann nicht mehr geändert werden.", "This appointment can no longer be changed.";
    ErrNotCancellable => "Dieser Termin kann nicht mehr abgesagt werden. Bitte rufen Sie uns an.", "This appointment can no longer be cancelled. Please call us.";
    ErrNotReschedulable => "Dieser Termin kann nicht mehr verschoben werden. Bitte rufen Sie uns an.", "This appointment can no longer be moved. Please call us.";
    ErrActivationExpired => "Die Frist zur Bestätigung ist abgelaufen. Der Termin wurde freigegeben – bitte buchen Sie neu.", "The time to confirm has run out. The appointment was released – please book again.";
    ErrContention => "Gerade ändern viele Menschen gleichzeitig Termine. Bitte versuchen Sie es gleich noch einmal.", "Many people are changing appointments right now. Please try again in a moment.";
    ErrUnavailable => "Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.", "The service is unavailable at the moment. Please try again in a few minutes.";
    ErrProofOfWork => "Die automatische Sicherheitsprüfung ist fehlgeschlagen. Bitte versuchen Sie es erneut.", "The automatic security check failed. Please try again.";
    ErrNetwork => "Keine Verbindung zum Server. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.", "No connection to the server. Please check your internet connection and try again.";
    ErrInternal => "Ein technischer Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.", "A technical error occurred. Please try again later.";
    ErrTicketExpired => "Dieses Ticket galt für einen früheren Tag.", "This ticket was for an earlier day.";
    ErrTicketsExhausted => "Für heute sind alle Wartenummern vergeben. Bitte wenden Sie sich an den Empfang.", "All numbers for today have been given out. Please ask at the front desk.";
    ErrWalkInsExhausted => "Für heute sind alle Wartenummern ohne Termin vergeben. Bitte buchen Sie einen Termin.", "Today's numbers without an appointment are all given out. Please book an appointment.";
    ErrWalkInsClosed => "Heute gibt es keine Wartenummern ohne Termin mehr. Bitte buchen Sie einen Termin.", "There are no more numbers without an appointment today. Please book an appointment.";
    TicketTitle => "Ihre Wartenummer", "Your number";
    TicketWaiting => "Sie warten.", "You are waiting.";
    TicketNext => "Sie sind als Nächstes dran.", "You are next.";
    TicketAhead => "Vor Ihnen:", "Ahead of you:";
    TicketEstimate => "Geschätzte Wartezeit:", "Estimated wait:";
    TicketCalledTo => "Bitte gehen Sie jetzt zu", "Please go now to";
    TicketParked => "Sie sind kurz zurückgestellt (z. B. um ein Dokument zu holen). Sie werden wieder aufgerufen.", "You stepped aside for a moment (e.g. to fetch a document). You will be called again.";
    TicketFinished => "Erledigt – vielen Dank für Ihren Besuch.", "Done – thank you for your visit.";
    TicketNoShow => "Sie wurden aufgerufen, waren aber nicht da. Bitte wenden Sie sich an den Empfang.", "You were called but were not there. Please ask at the front desk.";
    TicketUpdates => "Diese Seite aktualisiert sich von selbst.", "This page updates by itself.";
    DisplayTitle => "Aufrufe", "Calls";
    DisplayNow => "Jetzt aufgerufen", "Now called";
    DisplayEarlier => "Letzte Aufrufe", "Recent calls";
    DisplayNumber => "Nummer", "Number";
    DisplayCounter => "Schalter", "Counter";
    DisplayNobodyYet => "Heute wurde noch niemand aufgerufen.", "Nobody has been called yet today.";
    DisplayReconnecting => "Verbindung wird wiederhergestellt …", "Reconnecting …";
    DisplayChimeOn => "Ton einschalten", "Turn sound on";
    DisplayChimeOff => "Ton ausschalten", "Turn sound off";
    KioskTitle => "Wartenummer ziehen", "Take a number";
    KioskIntro => "Wählen Sie Ihr Anliegen und ziehen Sie eine Wartenummer. Wir rufen Sie auf dem Bildschirm auf.", "Choose what you need and take a number. We will call you on the screen.";
    KioskChoose => "Was möchten Sie erledigen?", "What would you like to do?";
    KioskDraw => "Wartenummer ziehen", "Take a number";
    KioskChooseOne => "Bitte wählen Sie mindestens ein Anliegen.", "Please choose at least one service.";
    KioskYourNumber => "Ihre Wartenummer", "Your number";
    KioskScan => "Mit dem Handy scannen: Sie sehen dort, wann Sie dran sind.", "Scan with your phone to see when it is your turn.";
    KioskPrint => "Ticket drucken", "Print ticket";
    KioskDone => "Fertig", "Done";
    KioskNotSetUp => "Dieses Gerät ist nicht als Ticket-Kiosk freigeschaltet. Bitte wenden Sie sich an das Personal.", "This device is not set up as a ticket kiosk. Please ask the staff.";
    KioskWrongOffice => "Dieses Gerät ist für einen anderen Standort freigeschaltet.", "This device is set up for another office.";
    WaitlistLink => "Nichts Passendes? Auf die Warteliste", "Nothing suitable? Join the waitlist";
    WaitlistTitle => "Auf die Warteliste", "Join the waitlist";
    WaitlistServicesHint => "Wählen Sie, was Sie erledigen möchten und wie oft.", "Choose what you need and how many of each.";
    WaitlistNoServices => "Zurzeit führt kein Standort eine Warteliste. Bitte versuchen Sie es später noch einmal oder rufen Sie uns an.", "No office keeps a waitlist at the moment. Please try again later or call us.";
    WaitlistOffices => "Standorte", "Offices";
    WaitlistOfficesHint => "Kreuzen Sie an, wohin Sie kommen können. Keiner angekreuzt: jeder Standort, der alle gewählten Dienstleistungen anbietet.", "Tick where you can come. None ticked: any office that offers all chosen services.";
    WaitlistNoOffice => "Für diese Auswahl führt kein Standort eine Warteliste. Bitte ändern Sie die Dienstleistungen oder rufen Sie uns an.", "No office keeps a waitlist for this choice. Please change the services or call us.";
    WaitlistChooseServicesFirst => "Wählen Sie zuerst mindestens eine Dienstleistung.", "First choose at least one service.";
    WaitlistWindow => "Zeitraum", "Period";
    WaitlistEarliest => "Frühestens am", "At the earliest on";
    WaitlistLatest => "Spätestens am", "At the latest on";
    WaitlistWeekdays => "Wochentage", "Weekdays";
    WaitlistWeekdaysHint => "Keiner angekreuzt: jeder Wochentag.", "None ticked: any weekday.";
    WaitlistTimes => "Uhrzeit (freiwillig)", "Time of day (optional)";
    WaitlistEarlierThan => "Früher als Ihr Termin am", "Earlier than your appointment on";
    WaitlistTimesHint => "Leer: jede Uhrzeit. Der Termin beginnt frühestens zur ersten Uhrzeit und vor der zweiten.", "Empty: any time. The appointment starts at or after the first time and before the second.";
    WaitlistTimesFrom => "Beginn ab", "Starting from";
    WaitlistTimesUntil => "Beginn vor", "Starting before";
    WaitlistJoin => "Auf die Warteliste setzen", "Join the waitlist";
    WaitlistJoining => "Wird eingetragen …", "Joining …";
    WaitlistJoinedTitle => "Bitte bestätigen Sie Ihre E-Mail-Adresse", "Please confirm your email address";
    WaitlistJoinedNext => "Erst danach stehen Sie auf der Warteliste und wir bieten Ihnen Termine an.", "Only then are you on the waitlist and do we offer you appointments.";
    WaitlistErrServices => "Für diese Auswahl gibt es keine Warteliste. Bitte ändern Sie die Dienstleistungen.", "There is no waitlist for this choice. Please change the services.";
    WaitlistErrOffices => "Bitte wählen Sie nur Standorte, die alle gewählten Dienstleistungen anbieten und eine Warteliste führen.", "Please choose only offices that offer all chosen services and keep a waitlist.";
    WaitlistErrEarliest => "Bitte geben Sie als ersten Tag heute oder ein späteres Datum an.", "Please give today or a later date as the first day.";
    WaitlistErrLatest => "Bitte geben Sie als letzten Tag ein Datum an, das nicht vor dem ersten Tag liegt.", "Please give a last day that is not before the first day.";
    WaitlistErrWeekdays => "Bitte prüfen Sie die Wochentage.", "Please check the weekdays.";
    WaitlistErrTimesIncomplete => "Bitte geben Sie beide Uhrzeiten an – oder keine.", "Please give both times – or none.";
    WaitlistErrTimesOrder => "Die zweite Uhrzeit muss nach der ersten liegen.", "The second time must be after the first.";
    WaitlistEntryTitle => "Ihr Eintrag auf der Warteliste", "Your waitlist entry";
    WaitlistNoToken => "Um Ihren Eintrag zu sehen, öffnen Sie bitte den Link aus unserer E-Mail.", "To see your entry, please open the link from our email.";
    WaitlistConfirmTitle => "Warteliste bestätigen", "Confirm the waitlist";
    WaitlistConfirmAsk => "Sie haben sich auf die Warteliste gesetzt? Dann bestätigen Sie das bitte hier. Erst dann bieten wir Ihnen Termine an.", "Did you join the waitlist? Then please confirm it here. Only then do we offer you appointments.";
    WaitlistConfirm => "Warteliste bestätigen", "Confirm the waitlist";
    WaitlistConfirming => "Wird bestätigt …", "Confirming …";
    WaitlistConfirmed => "Vielen Dank! Sie stehen jetzt auf der Warteliste.", "Thank you! You are now on the waitlist.";
    WaitlistStatusWaiting => "auf der Warteliste", "on the waitlist";
    WaitlistStatusOffered => "Termin angeboten", "appointment offered";
    WaitlistStatusLeft => "verlassen", "left";
    WaitlistStatusExpired => "abgelaufen", "expired";
    WaitlistOfferedByEmail => "Wir haben Ihnen einen Termin per E-Mail angeboten. Öffnen Sie den Link in dieser E-Mail, um ihn mit einem Klick zu buchen.", "We have offered you an appointment by email. Open the link in that email to book it with one click.";
    WaitlistBookedNote => "Sie haben einen angebotenen Termin gebucht. Die Bestätigung haben wir Ihnen per E-Mail geschickt.", "You booked an offered appointment. We sent you the confirmation by email.";
    WaitlistEndedNote => "Dieser Eintrag ist beendet. Sie können sich jederzeit neu auf die Warteliste setzen.", "This entry has ended. You can join the waitlist again at any time.";
    WaitlistLeave => "Warteliste verlassen", "Leave the waitlist";
    WaitlistLeaveAsk => "Möchten Sie die Warteliste wirklich verlassen? Wir bieten Ihnen dann keine Termine mehr an.", "Do you really want to leave the waitlist? We will then no longer offer you appointments.";
    WaitlistYesLeave => "Ja, verlassen", "Yes, leave";
    WaitlistStay => "Nein, auf der Warteliste bleiben", "No, stay on the waitlist";
    WaitlistLeft => "Sie haben die Warteliste verlassen.", "You have left the waitlist.";
    WaitlistWish => "Ihr Wunsch", "What you are waiting for";
    WaitlistAnyOffice => "jeder passende Standort", "any suitable office";
    WaitlistAnyWeekday => "jeder Wochentag", "any weekday";
    WaitlistAnyTime => "jede Uhrzeit", "any time";
    WaitlistJoinAgain => "Neu auf die Warteliste", "Join the waitlist again";
    OfferTitle => "Ein Termin für Sie", "An appointment for you";
    OfferIntro => "Von der Warteliste: Dieser Termin ist frei geworden und für Sie reserviert.", "From the waitlist: this appointment became free and is kept for you.";
    OfferNoToken => "Um das Angebot zu sehen, öffnen Sie bitte den Link aus unserer E-Mail.", "To see the offer, please open the link from our email.";
    OfferAccept => "Diesen Termin buchen", "Book this appointment";
    OfferDecline => "Ablehnen", "Decline";
    OfferDeclineAsk => "Möchten Sie diesen Termin wirklich ablehnen? Wir bieten ihn dann der nächsten Person auf der Warteliste an.", "Do you really want to decline this appointment? We will then offer it to the next person on the waitlist.";
    OfferYesDecline => "Ja, ablehnen", "Yes, decline";
    OfferBackToOffer => "Nein, zurück zum Angebot", "No, back to the offer";
    OfferDeclined => "Sie haben dieses Angebot abgelehnt. Wir bieten den Termin der nächsten Person auf der Warteliste an.", "You declined this offer. We offer the appointment to the next person on the waitlist.";
    OfferAccepted => "Sie haben diesen Termin gebucht.", "You booked this appointment.";
    OfferRanOut => "Die Zeit für dieses Angebot ist abgelaufen.", "The time for this offer has run out.";
    ErrWaitlistClosed => "Keiner der gewählten Standorte führt für diese Dienstleistungen eine Warteliste.", "None of the chosen offices keeps a waitlist for these services.";
    ErrWaitlistLimit => "Mit dieser E-Mail-Adresse stehen Sie schon so oft auf der Warteliste, wie es möglich ist. Bitte verlassen Sie zuerst einen anderen Eintrag.", "This email address is already on the waitlist as often as allowed. Please leave another entry first.";
    ErrWaitlistEntryExpired => "Dieser Eintrag ist abgelaufen: Er wurde nicht rechtzeitig bestätigt oder sein letzter Tag ist vorbei. Sie können sich neu auf die Warteliste setzen.", "This entry has expired: it was not confirmed in time or its last day has passed. You can join the waitlist again.";
    ErrOfferLapsed => "Dieses Angebot ist abgelaufen; der Termin ging an die nächste Person auf der Warteliste. Sie bleiben auf der Warteliste.", "This offer has expired; the appointment went to the next person on the waitlist. You stay on the waitlist.";
    ErrOfferDeclined => "Sie haben dieses Angebot bereits abgelehnt.", "You have already declined this offer.";
    ReleaseNoticeTitle => "Die neuen Termine werden verlost", "The new appointments are drawn by lot";
    ReleaseEnterLink => "An der Verlosung teilnehmen", "Enter the draw";
    ReleaseTitle => "An der Verlosung teilnehmen", "Enter the draw";
    ReleaseChooseFirst => "Bitte wählen Sie zuerst in der Terminbuchung einen Standort und Ihre Dienstleistungen.", "Please first choose an office and your services in the booking.";
    ReleaseNoDraw => "Dieser Standort vergibt seine Termine ohne Verlosung. Sie können ganz normal buchen.", "This office gives out its appointments without a draw. You can book as usual.";
    ReleaseAnyTime => "Sind Sie in der Ziehung an der Reihe, bekommen Sie die früheste Ihrer Wunschzeiten, die dann noch frei ist – ohne Wunschzeit die früheste freie Uhrzeit des Tages. Jede E-Mail-Adresse nimmt einmal teil.", "When your turn comes in the draw, you get the earliest of your times still free then – without any, the earliest free time of the day. Each email address takes part once.";
    ReleaseChooseTimes => "Wunschzeiten (freiwillig, höchstens {n})", "Preferred times (optional, at most {n})";
    ReleaseChooseTimesHint => "Wählen Sie keine, nehmen Sie für jede Uhrzeit an diesem Tag teil.", "Choose none to enter for any time that day.";
    ReleaseEnter => "An der Verlosung teilnehmen", "Enter the draw";
    ReleaseEntering => "Wird eingetragen …", "Entering …";
    ReleaseEnteredTitle => "Bitte bestätigen Sie Ihre Teilnahme", "Please confirm your entry";
    ReleaseEnteredNext => "Nur bestätigte Teilnahmen kommen in die Ziehung. Das Ergebnis schicken wir Ihnen nach der Ziehung per E-Mail.", "Only confirmed entries are drawn. We email you the result after the draw.";
    ReleaseEntryTitle => "Ihre Teilnahme an der Verlosung", "Your entry in the draw";
    ReleaseConfirmTitle => "Teilnahme bestätigen", "Confirm your entry";
    ReleaseConfirmAsk => "Sie haben sich für die Verlosung angemeldet? Dann bestätigen Sie das bitte hier. Nur bestätigte Teilnahmen kommen in die Ziehung.", "Did you enter the draw? Then please confirm it here. Only confirmed entries are drawn.";
    ReleaseConfirm => "Teilnahme bestätigen", "Confirm my entry";
    ReleaseConfirmed => "Vielen Dank! Sie nehmen jetzt an der Verlosung teil.", "Thank you! You are now in the draw.";
    ReleaseStatusEntered => "nimmt an der Verlosung teil", "in the draw";
    ReleaseStatusNotDrawn => "kein passender Termin mehr frei", "no suitable time left";
    ReleaseStatusLapsed => "nicht rechtzeitig bestätigt", "not confirmed in time";
    ReleaseBookedNote => "Sie haben in der Verlosung einen Termin bekommen. Die Bestätigung mit allen Angaben und dem Link zum Ändern oder Absagen haben wir Ihnen per E-Mail geschickt.", "You got an appointment in the draw. We have emailed you the confirmation with all details and the link to change or cancel it.";
    ReleaseNotDrawnNote => "Als Sie in der Ziehung an der Reihe waren, war keine passende Uhrzeit mehr frei. Was übrig ist, können Sie ganz normal buchen.", "When your turn came in the draw, no suitable time was free any more. You can book what is left as usual.";
    ReleaseLapsedNote => "Diese Teilnahme wurde nicht vor der Ziehung bestätigt und war nicht dabei. Was übrig ist, können Sie ganz normal buchen.", "This entry was not confirmed before the draw and took no part. You can book what is left as usual.";
    ReleaseFacts => "Ihre Teilnahme", "Your entry";
    ReleaseDay => "Tag", "Day";
    ReleaseTimes => "Uhrzeit", "Time";
    ReleaseAnyTimeThatDay => "jede Uhrzeit an diesem Tag", "any time that day";
    ReleaseTimesBestFirst => "(die erste am liebsten)", "(the first preferred)";
    ReleaseDrawsAt => "Ziehung", "Draw";
    ReleasePlace => "Ihr Platz in der Ziehung", "Your place in the draw";
    ErrReleaseNotOpen => "Für diesen Tag werden gerade keine Teilnahmen angenommen: Die Verlosung hat noch nicht begonnen oder ist vorbei. Was übrig ist, können Sie ganz normal buchen.", "No entries are taken for this day right now: the draw has not begun yet or is over. You can book what is left as usual.";
    ErrReleaseTooLate => "Zu spät: Die Ziehung hat begonnen, bevor die Teilnahme bestätigt war. Was übrig ist, können Sie ganz normal buchen.", "Too late: the draw began before the entry was confirmed. You can book what is left as usual.";
    ErrReleaseAddressEntered => "Mit dieser E-Mail-Adresse nehmen Sie an dieser Verlosung schon teil. Jede Adresse nimmt einmal teil.", "This email address already takes part in this draw. Each address takes part once.";
}

pub mod admin; // the staff views' texts (same `texts!` table, own enum)
pub mod release; // fair release: the round and the entry in words
pub mod waitlist; // the waitlist's texts with values in them, statuses in words

/// Walk-ins at an office today, in a sentence: "Ohne Termin heute noch 12 Wartenummern, bis
/// 12:00 Uhr." `None` for an office that takes walk-ins all day without a limit.
pub fn walk_ins_text(locale: Locale, walk_ins: &WalkIns) -> Option<String> {
    let until = walk_ins.until.map(|at| at.format("%H:%M").to_string());
    let text = match (locale, walk_ins.state) {
        (Locale::De, WalkInState::LimitReached) => {
            "Ohne Termin heute keine Wartenummern mehr – bitte buchen Sie einen Termin.".to_owned()
        }
        (Locale::En, WalkInState::LimitReached) => {
            "No more numbers without an appointment today – please book an appointment.".to_owned()
        }
        (Locale::De, WalkInState::Closed) => format!(
            "Wartenummern ohne Termin gab es heute bis {} Uhr – bitte buchen Sie einen Termin.",
            until.unwrap_or_default()
        ),
        (Locale::En, WalkInState::Closed) => format!(
            "Numbers without an appointment were given out until {} today – please book an appointment.",
            until.unwrap_or_default()
        ),
        (locale, WalkInState::Open) => match (locale, walk_ins.remaining, until) {
            (_, None, None) => return None,
            (Locale::De, Some(n), None) => format!("Ohne Termin heute noch {n} Wartenummern."),
            (Locale::En, Some(n), None) => {
                format!("Without an appointment: {n} numbers left today.")
            }
            (Locale::De, None, Some(at)) => format!("Wartenummern ohne Termin heute bis {at} Uhr."),
            (Locale::En, None, Some(at)) => {
                format!("Numbers without an appointment until {at} today.")
            }
            (Locale::De, Some(n), Some(at)) => {
                format!("Ohne Termin heute noch {n} Wartenummern, bis {at} Uhr.")
            }
            (Locale::En, Some(n), Some(at)) => {
                format!("Without an appointment: {n} numbers left today, until {at}.")
            }
        },
    };
    Some(text)
}

/// The citizen-facing message for a stable API error `code`.
pub fn error_text(code: &str) -> Text {
    match code {
        "slot_taken" => Text::ErrSlotTaken,
        "validation_failed" => Text::ErrValidation,
        "hold_expired" | "unknown_hold" => Text::ErrHoldExpired,
        "not_found" => Text::ErrNotFound,
        "rate_limited" => Text::ErrRateLimited,
        "unauthorized" | "forbidden" => Text::ErrUnauthorized,
        "email_limit_reached" => Text::ErrTooManyOpen,
        "appointment_started" => Text::ErrTooLate,
        "not_cancellable" => Text::ErrNotCancellable,
        "not_reschedulable" | "not_movable" => Text::ErrNotReschedulable,
        "activation_expired" => Text::ErrActivationExpired,
        "ticket_expired" => Text::ErrTicketExpired,
        "tickets_exhausted" => Text::ErrTicketsExhausted,
        "walk_ins_exhausted" => Text::ErrWalkInsExhausted,
        "walk_ins_closed" => Text::ErrWalkInsClosed,
        "waitlist_closed" => Text::ErrWaitlistClosed,
        "waitlist_limit_reached" => Text::ErrWaitlistLimit,
        "waitlist_entry_expired" => Text::ErrWaitlistEntryExpired,
        "offer_lapsed" => Text::ErrOfferLapsed,
        "offer_declined" => Text::ErrOfferDeclined,
        "release_not_open" => Text::ErrReleaseNotOpen,
        "release_entry_too_late" => Text::ErrReleaseTooLate,
        "release_address_entered" => Text::ErrReleaseAddressEntered,
        "contention" => Text::ErrContention,
        "service_unavailable" => Text::ErrUnavailable,
        "pow_required" | "pow_invalid" | "pow_expired" | "pow_reused" => Text::ErrProofOfWork,
        "network" => Text::ErrNetwork,
        _ => Text::ErrInternal,
    }
}

/// What the citizen reads when the shared input rules refuse a detail.
pub fn refusal_text(refusal: Refusal) -> Text {
    match refusal {
        Refusal::NameMissing => Text::ErrNameMissing,
        Refusal::NameTooLong => Text::ErrNameTooLong,
        Refusal::NameControlCharacters => Text::ErrNameCharacters,
        Refusal::EmailMissing => Text::ErrEmailMissing,
        Refusal::EmailInvalid => Text::ErrEmailInvalid,
        Refusal::PhoneCharacters => Text::ErrPhoneInvalid,
        Refusal::PhoneLength => Text::ErrPhoneLength,
    }
}

/// The message for one invalid field from a 422, by its stable code.
pub fn field_error_text(field: &str, code: &str) -> Text {
    match (field, code) {
        ("citizen.name", "too_long") => Text::ErrNameTooLong,
        ("citizen.name", "invalid_characters") => Text::ErrNameCharacters,
        ("citizen.name", _) => Text::ErrNameMissing,
        ("citizen.email", "required") => Text::ErrEmailMissing,
        ("citizen.email", "email_limit_reached") => Text::ErrTooManyOpen,
        ("citizen.email", _) => Text::ErrEmailInvalid,
        ("citizen.phone", _) => Text::ErrPhoneInvalid,
        _ => Text::ErrFieldInvalid,
    }
}

/// "3 Antworten gefunden" / "1 answer found" / "Keine Antwort gefunden …".
pub fn faq_matches(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::De, 0) => "Keine Antwort gefunden. Rufen Sie uns gerne an.".into(),
        (Locale::De, 1) => "1 Antwort gefunden".into(),
        (Locale::De, n) => format!("{n} Antworten gefunden"),
        (Locale::En, 0) => "No answer found. Feel free to call us.".into(),
        (Locale::En, 1) => "1 answer found".into(),
        (Locale::En, n) => format!("{n} answers found"),
    }
}

/// "März 2026" / "March 2026".
pub fn month_year(locale: Locale, date: NaiveDate) -> String {
    format!("{} {}", month_name(locale, date.month()), date.year())
}

/// A UTC instant shown in the browser's local time (e.g. an activation deadline).
pub fn local_date_time(locale: Locale, at: DateTime<Utc>) -> String {
    let offset_minutes = -js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64,
    ))
    .get_timezone_offset();
    let offset = FixedOffset::east_opt((offset_minutes * 60.0) as i32)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    date_time(locale, at.with_timezone(&offset))
}

/// "5 freie Termine" / "1 free appointment" / "keine freien Termine".
pub fn free_count(locale: Locale, n: u32) -> String {
    match (locale, n) {
        (Locale::De, 0) => "keine freien Termine".into(),
        (Locale::De, 1) => "1 freier Termin".into(),
        (Locale::De, n) => format!("{n} freie Termine"),
        (Locale::En, 0) => "no free appointments".into(),
        (Locale::En, 1) => "1 free appointment".into(),
        (Locale::En, n) => format!("{n} free appointments"),
    }
}

/// A calendar day's accessible name in pieces around the visible day number and free count:
/// `(before day, after day, after count)`, e.g. ("Dienstag, ", ". März 2026, ", " freie Termine").
pub fn day_label_parts(locale: Locale, date: NaiveDate, free: u32) -> (String, String, String) {
    let weekday = weekday_name(locale, date.weekday());
    let month = month_name(locale, date.month());
    let after_day = match locale {
        Locale::De => format!(". {month} {}, ", date.year()),
        Locale::En => format!(" {month} {}, ", date.year()),
    };
    let after_count = match (locale, free) {
        (Locale::De, 1) => " freier Termin",
        (Locale::De, _) => " freie Termine",
        (Locale::En, 1) => " free appointment",
        (Locale::En, _) => " free appointments",
    };
    (format!("{weekday}, "), after_day, after_count.to_string())
}

/// "Feiertag: Neujahr" / "public holiday: New Year's Day".
pub fn holiday_label(locale: Locale, holiday: &str) -> String {
    match locale {
        Locale::De => format!(", Feiertag: {holiday}"),
        Locale::En => format!(", public holiday: {holiday}"),
    }
}

/// The accessible name of a free time button.
pub fn time_label(locale: Locale, start: DateTime<FixedOffset>) -> String {
    date_time(locale, start)
}

/// "2 × Reisepass".
pub fn quantity_name(quantity: u32, name: &str) -> String {
    if quantity > 1 {
        format!("{quantity} × {name}")
    } else {
        name.to_string()
    }
}

/// Countdown "9:05" and its spoken form "9 Minuten 5 Sekunden"; from an hour on "2:09:05"
/// and "2 Stunden 9 Minuten" (a waitlist offer may be kept for a day).
pub fn countdown(locale: Locale, seconds: i64) -> (String, String) {
    let seconds = seconds.max(0);
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    if h > 0 {
        let spoken = match locale {
            Locale::De => format!("{h} Stunden {m} Minuten"),
            Locale::En => format!("{h} hours {m} minutes"),
        };
        return (format!("{h}:{m:02}:{s:02}"), spoken);
    }
    let spoken = match locale {
        Locale::De => format!("{m} Minuten {s} Sekunden"),
        Locale::En => format!("{m} minutes {s} seconds"),
    };
    (format!("{m}:{s:02}"), spoken)
}

/// Announced once when a reservation is about to run out.
pub fn hold_warning(locale: Locale, minutes: i64) -> String {
    match locale {
        Locale::De => format!("Ihre Reservierung läuft in {minutes} Minuten ab."),
        Locale::En => format!("Your reservation expires in {minutes} minutes."),
    }
}

/// "Montag bis Freitag" style list of the weekdays of an opening-hours rule.
pub fn weekdays_list(locale: Locale, days: &[Weekday]) -> String {
    let mut numbers: Vec<u32> = days.iter().map(|d| d.num_days_from_monday()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let name = |n: u32| weekday_name(locale, Weekday::try_from(n as u8).unwrap_or(Weekday::Mon));
    let consecutive = numbers.windows(2).all(|w| w[1] == w[0] + 1);
    if numbers.len() >= 3 && consecutive {
        let to = match locale {
            Locale::De => "bis",
            Locale::En => "to",
        };
        format!(
            "{} {to} {}",
            name(numbers[0]),
            name(*numbers.last().unwrap_or(&0))
        )
    } else {
        let and = match locale {
            Locale::De => " und ",
            Locale::En => " and ",
        };
        let names: Vec<&str> = numbers.iter().map(|n| name(*n)).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
            _ => names.join(""),
        }
    }
}

/// Text for a step in "Schritt 2 von 5".
pub fn step_of(locale: Locale, step: usize, total: usize) -> String {
    match locale {
        Locale::De => format!("Schritt {step} von {total}"),
        Locale::En => format!("Step {step} of {total}"),
    }
}

/// "Wiederholen Sie …" after a 409: `n` times to choose from.
pub fn quantity_label(locale: Locale, name: &str) -> String {
    match locale {
        Locale::De => format!("Anzahl {name}"),
        Locale::En => format!("Quantity of {name}"),
    }
}

pub fn max_quantity_hint(locale: Locale, max: u32) -> String {
    match locale {
        Locale::De => format!("höchstens {max}"),
        Locale::En => format!("at most {max}"),
    }
}

/// The downloaded calendar file's name.
pub fn ics_file_name(reference: &str) -> String {
    format!("termin-{reference}.ics")
}

/// "3 Personen" / "3 people" ahead of a ticket.
pub fn people_ahead(locale: Locale, ahead: u32) -> String {
    match (locale, ahead) {
        (Locale::De, 1) => "1 Person".into(),
        (Locale::De, n) => format!("{n} Personen"),
        (Locale::En, 1) => "1 person".into(),
        (Locale::En, n) => format!("{n} people"),
    }
}

/// "etwa 25 Minuten" / "about 25 minutes".
pub fn about_minutes(locale: Locale, minutes: u32) -> String {
    match (locale, minutes) {
        (Locale::De, 1) => "etwa 1 Minute".into(),
        (Locale::De, n) => format!("etwa {n} Minuten"),
        (Locale::En, 1) => "about 1 minute".into(),
        (Locale::En, n) => format!("about {n} minutes"),
    }
}

/// What the display announces: "Nummer A-017 bitte zu Schalter 3".
pub fn call_announcement(locale: Locale, number: &str, counter: &str) -> String {
    match locale {
        Locale::De => format!("Nummer {number} bitte zu {counter}"),
        Locale::En => format!("Number {number} please go to {counter}"),
    }
}

/// Fails unless each of `cases` has words (`text`) that no other one has.
#[cfg(test)]
pub(crate) fn assert_words_of_their_own<C: Copy + std::fmt::Debug>(
    cases: &[C],
    text: fn(C) -> Text,
) {
    let texts: Vec<Text> = cases.iter().map(|case| text(*case)).collect();
    for (i, words) in texts.iter().enumerate() {
        assert!(
            !texts[i + 1..].contains(words),
            "{:?} shares its words",
            cases[i]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    #[test]
    fn walk_ins_are_told_only_when_the_office_limits_them() {
        let noon = NaiveTime::from_hms_opt(12, 0, 0);
        let walk_ins = |state, remaining, until| WalkIns {
            state,
            remaining,
            until,
        };
        assert_eq!(
            walk_ins_text(Locale::De, &walk_ins(WalkInState::Open, None, None)),
            None
        );
        assert_eq!(
            walk_ins_text(Locale::De, &walk_ins(WalkInState::Open, Some(12), noon)).as_deref(),
            Some("Ohne Termin heute noch 12 Wartenummern, bis 12:00 Uhr.")
        );
        assert_eq!(
            walk_ins_text(Locale::En, &walk_ins(WalkInState::Open, None, noon)).as_deref(),
            Some("Numbers without an appointment until 12:00 today.")
        );
        assert!(
            walk_ins_text(Locale::De, &walk_ins(WalkInState::Closed, Some(3), noon))
                .unwrap()
                .contains("bis 12:00 Uhr")
        );
        assert!(
            walk_ins_text(
                Locale::En,
                &walk_ins(WalkInState::LimitReached, Some(0), None)
            )
            .unwrap()
            .starts_with("No more numbers")
        );
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn long_dates_follow_each_languages_conventions() {
        assert_eq!(
            long_date(Locale::De, date(2026, 3, 3)),
            "Dienstag, 3. März 2026"
        );
        assert_eq!(
            long_date(Locale::En, date(2026, 3, 3)),
            "Tuesday, 3 March 2026"
        );
    }

    #[test]
    fn a_calendar_days_name_reads_as_one_sentence() {
        let (before, after_day, after_count) = day_label_parts(Locale::De, date(2026, 3, 3), 5);
        assert_eq!(
            format!("{before}3{after_day}5{after_count}"),
            "Dienstag, 3. März 2026, 5 freie Termine"
        );
        let (_, _, one) = day_label_parts(Locale::En, date(2026, 3, 3), 1);
        assert_eq!(one, " free appointment");
    }

    #[test]
    fn free_counts_are_pluralised() {
        assert_eq!(free_count(Locale::De, 0), "keine freien Termine");
        assert_eq!(free_count(Locale::De, 1), "1 freier Termin");
        assert_eq!(free_count(Locale::En, 2), "2 free appointments");
    }

    #[test]
    fn consecutive_weekdays_become_a_range_and_others_a_list() {
        let weekdays = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        assert_eq!(weekdays_list(Locale::De, &weekdays), "Montag bis Freitag");
        assert_eq!(
            weekdays_list(Locale::En, &[Weekday::Thu, Weekday::Tue]),
            "Tuesday and Thursday"
        );
        assert_eq!(weekdays_list(Locale::De, &[Weekday::Mon]), "Montag");
    }

    #[test]
    fn countdowns_show_minutes_and_seconds_and_never_go_negative() {
        assert_eq!(countdown(Locale::De, 545).0, "9:05");
        assert_eq!(countdown(Locale::En, -3).0, "0:00");
    }

    #[test]
    fn countdowns_of_an_hour_or_more_show_hours_too() {
        assert_eq!(
            countdown(Locale::De, 2 * 3600 + 9 * 60 + 5),
            ("2:09:05".to_string(), "2 Stunden 9 Minuten".to_string())
        );
        assert_eq!(countdown(Locale::En, 3599).0, "59:59");
    }

    #[test]
    fn every_api_error_code_has_a_specific_message() {
        for code in [
            "slot_taken",
            "validation_failed",
            "hold_expired",
            "not_found",
            "rate_limited",
            "unauthorized",
            "email_limit_reached",
            "not_cancellable",
            "not_reschedulable",
            "not_movable",
            "activation_expired",
            "contention",
            "pow_reused",
            "network",
            "waitlist_closed",
            "waitlist_limit_reached",
            "waitlist_entry_expired",
            "offer_lapsed",
            "offer_declined",
            "release_not_open",
            "release_entry_too_late",
            "release_address_entered",
        ] {
            assert_ne!(error_text(code), Text::ErrInternal, "{code}");
        }
        assert_eq!(error_text("something_new"), Text::ErrInternal);
    }

    #[test]
    fn each_refusal_of_the_shared_input_rules_has_words_of_its_own() {
        let refusals = [
            Refusal::NameMissing,
            Refusal::NameTooLong,
            Refusal::NameControlCharacters,
            Refusal::EmailMissing,
            Refusal::EmailInvalid,
            Refusal::PhoneCharacters,
            Refusal::PhoneLength,
        ];
        assert_words_of_their_own(&refusals, refusal_text);
    }

    #[test]
    fn field_errors_from_the_api_say_how_to_fix_the_input() {
        assert_eq!(
            field_error_text("citizen.name", "too_long"),
            Text::ErrNameTooLong
        );
        assert_eq!(
            field_error_text("citizen.email", "invalid_email"),
            Text::ErrEmailInvalid
        );
        assert_eq!(
            field_error_text("citizen.phone", "invalid_phone"),
            Text::ErrPhoneInvalid
        );
    }
}
