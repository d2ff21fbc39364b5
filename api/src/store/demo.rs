//! The demo data set, modelled on the citizens' office of Porta Westfalica (NRW), plus a small,
//! fictional branch office so that multi-office features can be seen.

use super::{StoreResult, Tx, with_tx};
use chrono::NaiveTime;

struct DemoOffice {
    code: &'static str,
    name: &'static str,
    address: &'static str,
    phone: &'static str,
    email: &'static str,
    notice_de: &'static str,
    notice_en: &'static str,
    rules: &'static [DemoRule],
}

/// (weekdays, opens, closes, counters, offline counters); slots are 15 minutes.
type DemoRule = (&'static str, (u32, u32), (u32, u32), i64, i64);

struct DemoService {
    name: (&'static str, &'static str),
    description: (&'static str, &'static str),
    fees: (&'static str, &'static str),
    documents: &'static [(&'static str, &'static str)],
    max_quantity: i64,
    /// Slot units at (main office, branch office); 0 = not offered there.
    units: (i64, i64),
}

const OFFICES: [DemoOffice; 2] = [
    DemoOffice {
        code: "PW",
        name: "Bürgeramt Porta Westfalica",
        address: "Kempstraße 1, 32457 Porta Westfalica",
        phone: "(05 71) 79 12 23",
        email: "buergeramt@porta-westfalica.example",
        notice_de: "Dringende Angelegenheiten sind nicht online buchbar. Bitte rufen Sie uns an: (05 71) 79 12 23, oder schreiben Sie an buergeramt@porta-westfalica.example.",
        notice_en: "Urgent matters cannot be booked online. Please call us: (05 71) 79 12 23, or write to buergeramt@porta-westfalica.example.",
        rules: &[
            ("mon,tue,wed,thu,fri", (8, 0), (12, 30), 4, 1),
            ("mon", (14, 0), (16, 0), 3, 1),
            ("thu", (14, 0), (18, 0), 3, 1),
        ],
    },
    DemoOffice {
        code: "PH",
        name: "Bürgerbüro Hausberge (Demo-Nebenstelle)",
        address: "Am Markt 1, 32457 Porta Westfalica (fiktive Demo-Adresse)",
        phone: "(05 71) 79 12 23",
        email: "buergeramt@porta-westfalica.example",
        notice_de: "Kleine Nebenstelle mit ausgewählten Leistungen. Dringendes bitte telefonisch: (05 71) 79 12 23.",
        notice_en: "Small branch office with selected services. For urgent matters please call: (05 71) 79 12 23.",
        rules: &[("tue,thu", (9, 0), (12, 0), 2, 0)],
    },
];

const ID_DOCS: (&str, &str) = (
    "Bisheriger Personalausweis oder Reisepass",
    "Current ID card or passport",
);
const PHOTO: (&str, &str) = (
    "Ein aktuelles biometrisches Passfoto (35 × 45 mm)",
    "One current biometric passport photo (35 × 45 mm)",
);
const BIRTH_CERTIFICATE: (&str, &str) = (
    "Geburtsurkunde (bei Erstantrag)",
    "Birth certificate (for a first application)",
);

const SERVICES: [DemoService; 8] = [
    DemoService {
        name: ("Personalausweis beantragen", "Apply for an ID card"),
        description: (
            "Neuer Personalausweis für Deutsche ab 16 Jahren. Bitte persönlich erscheinen.",
            "New ID card for German citizens aged 16 and over. You must come in person.",
        ),
        fees: (
            "37,00 € (ab 24 Jahren), 22,80 € (unter 24 Jahren)",
            "€37.00 (aged 24 and over), €22.80 (under 24)",
        ),
        documents: &[ID_DOCS, PHOTO, BIRTH_CERTIFICATE],
        max_quantity: 5,
        units: (2, 0),
    },
    DemoService {
        name: ("Reisepass beantragen", "Apply for a passport"),
        description: (
            "Neuer Reisepass, auch im Expressverfahren. Bitte persönlich erscheinen.",
            "New passport, also by express service. You must come in person.",
        ),
        fees: (
            "70,00 € (ab 24 Jahren), 37,50 € (unter 24 Jahren), Express +32,00 €",
            "€70.00 (aged 24 and over), €37.50 (under 24), express +€32.00",
        ),
        documents: &[ID_DOCS, PHOTO, BIRTH_CERTIFICATE],
        max_quantity: 5,
        units: (2, 0),
    },
    DemoService {
        name: (
            "Kinderreisepass beantragen",
            "Apply for a children's passport",
        ),
        description: (
            "Reisedokument für Kinder unter 12 Jahren. Das Kind muss anwesend sein.",
            "Travel document for children under 12. The child must be present.",
        ),
        fees: ("13,00 €", "€13.00"),
        documents: &[
            ("Geburtsurkunde des Kindes", "The child's birth certificate"),
            PHOTO,
            (
                "Ausweise beider Sorgeberechtigten oder schriftliche Zustimmung",
                "ID of both parents with custody, or their written consent",
            ),
        ],
        max_quantity: 5,
        units: (1, 0),
    },
    DemoService {
        name: (
            "Anmeldung / Ummeldung der Wohnung",
            "Register a new address",
        ),
        description: (
            "Anmeldung nach Zuzug oder Umzug innerhalb der Stadt, innerhalb von zwei Wochen.",
            "Registration after moving to or within the town, within two weeks.",
        ),
        fees: ("gebührenfrei", "free of charge"),
        documents: &[
            (
                "Personalausweis oder Reisepass aller umziehenden Personen",
                "ID card or passport of everyone moving",
            ),
            (
                "Wohnungsgeberbestätigung des Vermieters",
                "Landlord's confirmation of residence (Wohnungsgeberbestätigung)",
            ),
        ],
        max_quantity: 6,
        units: (1, 1),
    },
    DemoService {
        name: ("Meldebescheinigung", "Certificate of registration"),
        description: (
            "Bescheinigung über Ihre aktuelle Anschrift.",
            "Certificate of your current address.",
        ),
        fees: ("10,00 €", "€10.00"),
        documents: &[ID_DOCS],
        max_quantity: 3,
        units: (1, 1),
    },
    DemoService {
        name: (
            "Führungszeugnis beantragen",
            "Apply for a certificate of good conduct",
        ),
        description: (
            "Führungszeugnis für private oder behördliche Zwecke.",
            "Certificate of good conduct for private or official purposes.",
        ),
        fees: ("13,00 €", "€13.00"),
        documents: &[
            ID_DOCS,
            (
                "Bei erweitertem Führungszeugnis: Aufforderungsschreiben",
                "For an extended certificate: the letter requesting it",
            ),
        ],
        max_quantity: 2,
        units: (1, 1),
    },
    DemoService {
        name: ("Beglaubigungen", "Certified copies"),
        description: (
            "Amtliche Beglaubigung von Kopien und Unterschriften.",
            "Official certification of copies and signatures.",
        ),
        fees: ("ab 2,50 € je Seite", "from €2.50 per page"),
        documents: &[
            ("Originaldokumente", "The original documents"),
            ("Kopien der Dokumente", "Copies of the documents"),
            ID_DOCS,
        ],
        max_quantity: 10,
        units: (1, 1),
    },
    DemoService {
        name: ("Führerscheinangelegenheiten", "Driving-licence matters"),
        description: (
            "Antrag auf Ersterteilung, Umtausch oder Ersatz des Führerscheins.",
            "Application for a first licence, exchange or replacement of a driving licence.",
        ),
        fees: ("ab 25,30 €", "from €25.30"),
        documents: &[
            ID_DOCS,
            PHOTO,
            (
                "Bisheriger Führerschein (bei Umtausch)",
                "Current driving licence (for an exchange)",
            ),
            (
                "Sehtest und Erste-Hilfe-Nachweis (bei Ersterteilung)",
                "Eye test and first-aid certificate (for a first licence)",
            ),
        ],
        max_quantity: 1,
        units: (2, 0),
    },
];

/// A help entry: (slug, office index or `None` for every office, group, question, answer),
/// texts as (German, English); answers in the markup of `shared::markup`.
struct DemoFaq {
    slug: &'static str,
    office: Option<usize>,
    group: (&'static str, &'static str),
    question: (&'static str, &'static str),
    answer: (&'static str, &'static str),
}

const BOOKING: (&str, &str) = ("Termine buchen", "Booking");
const CHANGING: (&str, &str) = ("Absagen und ändern", "Cancelling and changing");
const VISIT: (&str, &str) = ("Ihr Besuch im Bürgeramt", "Your visit");
const DATA: (&str, &str) = (
    "Datenschutz und Barrierefreiheit",
    "Privacy and accessibility",
);

const FAQ: [DemoFaq; 11] = [
    DemoFaq {
        slug: "dringend",
        office: None,
        group: BOOKING,
        question: (
            "Mein Anliegen ist dringend. Was kann ich tun?",
            "My matter is urgent. What can I do?",
        ),
        answer: (
            "Dringende Anliegen – zum Beispiel ein Reisedokument für eine Reise in den nächsten Tagen oder ein verlorener Ausweis – können Sie nicht online buchen. Bitte melden Sie sich direkt beim Bürgeramt:\n\
             - Telefon: [(05 71) 79 12 23](tel:+49571791223)\n\
             - E-Mail: [buergeramt@porta-westfalica.example](mailto:buergeramt@porta-westfalica.example)\n\n\
             Wir suchen dann gemeinsam mit Ihnen nach einer Lösung.",
            "Urgent matters – for example a travel document for a journey in the next few days, or a lost ID card – cannot be booked online. Please contact the citizens' office directly:\n\
             - Phone: [(05 71) 79 12 23](tel:+49571791223)\n\
             - Email: [buergeramt@porta-westfalica.example](mailto:buergeramt@porta-westfalica.example)\n\n\
             We will then find a solution with you.",
        ),
    },
    DemoFaq {
        slug: "begrenzte-termine",
        office: None,
        group: BOOKING,
        question: (
            "Warum gibt es nur begrenzt freie Termine?",
            "Why are there only a limited number of appointments?",
        ),
        answer: (
            "Jeder Termin ist Arbeitszeit an einem Schalter. Online vergeben wir nur einen Teil davon: einige Schalter halten wir für telefonische Vereinbarungen und dringende Fälle frei. Neue Tage werden jeden Tag freigeschaltet, und abgesagte Termine sind sofort wieder buchbar.",
            "Every appointment is working time at a counter. Only part of it is offered online: some counters are kept for appointments made by phone and for urgent cases. New days are released every day, and cancelled appointments can be booked again at once.",
        ),
    },
    DemoFaq {
        slug: "kein-termin-frei",
        office: None,
        group: BOOKING,
        question: (
            "Es ist kein Termin frei. Was nun?",
            "There is no free appointment. What now?",
        ),
        answer: (
            "- Schauen Sie später noch einmal vorbei: Jeden Tag kommen neue Termine hinzu, und abgesagte Termine werden sofort wieder frei.\n\
             - Prüfen Sie, ob Ihr Anliegen auch an einem anderen Standort angeboten wird.\n\
             - Ist es dringend, rufen Sie uns bitte an: [(05 71) 79 12 23](tel:+49571791223).",
            "- Look again later: new appointments are added every day, and cancelled ones become free again at once.\n\
             - Check whether another office offers your service too.\n\
             - If it is urgent, please call us: [(05 71) 79 12 23](tel:+49571791223).",
        ),
    },
    DemoFaq {
        slug: "familie",
        office: None,
        group: BOOKING,
        question: (
            "Wie buche ich für Familienmitglieder?",
            "How do I book for members of my family?",
        ),
        answer: (
            "Geben Sie bei jedem Anliegen die **Anzahl** an, zum Beispiel 3 × Personalausweis für drei Personen – der Termin wird dann entsprechend länger. Für verschiedene Tage oder Standorte buchen Sie mit „Weiteren Termin hinzufügen“ **mehrere Termine in einem Schritt**.\n\n\
             Für Ausweise und Pässe muss jede Person persönlich kommen; Kinder unter 16 Jahren kommen mit einem sorgeberechtigten Elternteil.",
            "Enter the **number** for each service, for example 3 × ID card for three people – the appointment is then longer accordingly. For different days or offices, book **several appointments in one go** with “Add another appointment”.\n\n\
             For ID cards and passports every person must come in person; children under 16 come with a parent who has custody.",
        ),
    },
    DemoFaq {
        slug: "absagen-verschieben",
        office: None,
        group: CHANGING,
        question: (
            "Wie sage ich einen Termin ab oder verschiebe ihn?",
            "How do I cancel or reschedule an appointment?",
        ),
        answer: (
            "Öffnen Sie den Link in Ihrer Bestätigungs-E-Mail. Dort können Sie\n\
             1. die Uhrzeit ändern,\n\
             2. einzelne oder alle Termine absagen,\n\
             3. den Termin in Ihren Kalender übernehmen.\n\n\
             Bitte sagen Sie ab, wenn Sie nicht kommen können – dann kann jemand anderes den Termin nutzen.",
            "Open the link in your confirmation email. There you can\n\
             1. change the time,\n\
             2. cancel one or all appointments,\n\
             3. add the appointment to your calendar.\n\n\
             Please cancel if you cannot come – then someone else can use the appointment.",
        ),
    },
    DemoFaq {
        slug: "keine-bestaetigung",
        office: None,
        group: CHANGING,
        question: (
            "Ich habe keine Bestätigung bekommen.",
            "I did not receive a confirmation.",
        ),
        answer: (
            "Sehen Sie bitte im Spam-Ordner nach. Kommt nach einigen Minuten keine E-Mail, prüfen Sie die Schreibweise Ihrer Adresse oder rufen Sie uns an – wir helfen mit der Buchungsnummer weiter.\n\n\
             Manche Standorte verlangen, dass Sie den Termin über einen Link in der E-Mail **bestätigen**; sonst wird er wieder freigegeben.",
            "Please check your spam folder. If no email arrives within a few minutes, check the spelling of your address or call us – we can help with the booking reference.\n\n\
             Some offices ask you to **confirm** the appointment with a link in the email; otherwise it is released again.",
        ),
    },
    DemoFaq {
        slug: "mitbringen",
        office: None,
        group: VISIT,
        question: (
            "Was muss ich zum Termin mitbringen?",
            "What do I need to bring?",
        ),
        answer: (
            "Was Sie brauchen, steht bei jeder Leistung unter [Termin buchen](/book) und noch einmal in Ihrer Bestätigungs-E-Mail. Meist sind das:\n\
             - Ihr Personalausweis oder Reisepass,\n\
             - für Ausweise und Pässe ein aktuelles biometrisches Passfoto,\n\
             - die Gebühr (Beträge stehen bei der Leistung).\n\n\
             Fehlt etwas, können wir Ihr Anliegen unter Umständen nicht erledigen.",
            "What you need is listed with each service under [Book an appointment](/book) and again in your confirmation email. Usually:\n\
             - your ID card or passport,\n\
             - for ID cards and passports, a current biometric passport photo,\n\
             - the fee (amounts are shown with the service).\n\n\
             If something is missing, we may not be able to complete your matter.",
        ),
    },
    DemoFaq {
        slug: "hausberge",
        office: Some(1),
        group: VISIT,
        question: (
            "Was kann ich im Bürgerbüro Hausberge erledigen?",
            "What can I do at the Hausberge branch office?",
        ),
        answer: (
            "Die kleine Nebenstelle ist dienstags und donnerstags von 9 bis 12 Uhr geöffnet. Dort können Sie sich ummelden, Meldebescheinigungen und Führungszeugnisse beantragen und Kopien beglaubigen lassen. Ausweise, Pässe und Führerscheine gibt es nur im Bürgeramt Porta Westfalica.",
            "The small branch office is open on Tuesdays and Thursdays from 9 am to 12 noon. There you can register a new address, apply for certificates of registration and of good conduct, and have copies certified. ID cards, passports and driving licences are only handled at the Bürgeramt Porta Westfalica.",
        ),
    },
    DemoFaq {
        slug: "datenschutz",
        office: None,
        group: DATA,
        question: (
            "Was passiert mit meinen Daten?",
            "What happens to my personal data?",
        ),
        answer: (
            "Wir speichern Name, E-Mail-Adresse und (freiwillig) Telefonnummer nur für die Terminvergabe. Sie werden **nach dem Termin gelöscht**, bei einer Absage sofort. Danach funktioniert auch der Link in der E-Mail nicht mehr.\n\n\
             Diese Seite lädt nichts von Dritten, verwendet kein Tracking und setzt für Bürgerinnen und Bürger keine Cookies; im Browser gespeichert wird nur die gewählte Sprache.",
            "We store your name, email address and (optional) phone number only to arrange the appointment. They are **deleted after the appointment**, and at once if you cancel. After that, the link in the email stops working too.\n\n\
             This site loads nothing from third parties, uses no tracking and sets no cookies for citizens; only your chosen language is stored in the browser.",
        ),
    },
    DemoFaq {
        slug: "barrierefreiheit",
        office: None,
        group: DATA,
        question: (
            "Kann ich die Buchung mit Tastatur oder Screenreader bedienen?",
            "Can I book with the keyboard or a screen reader?",
        ),
        answer: (
            "Ja. Im Kalender wechseln Sie mit den Pfeiltasten den Tag und mit Bild auf/ab den Monat. Wenn etwas nicht funktioniert, rufen Sie uns bitte an: [(05 71) 79 12 23](tel:+49571791223) – wir buchen den Termin dann für Sie.",
            "Yes. In the calendar, the arrow keys change the day and Page Up/Down the month. If something does not work for you, please call us: [(05 71) 79 12 23](tel:+49571791223) – we will book the appointment for you.",
        ),
    },
    DemoFaq {
        slug: "verspaetung",
        office: Some(0),
        group: VISIT,
        question: (
            "Ich komme zu spät. Verfällt mein Termin?",
            "I am running late. Do I lose my appointment?",
        ),
        answer: (
            "Bitte kommen Sie pünktlich, denn jeder Termin ist genau eingeplant. Verspäten Sie sich, rufen Sie uns bitte an: [(05 71) 79 12 23](tel:+49571791223). Wir versuchen, Sie noch dranzunehmen; sonst vereinbaren wir einen neuen Termin.",
            "Please be on time, as every appointment is planned precisely. If you are running late, please call us: [(05 71) 79 12 23](tel:+49571791223). We will try to fit you in; otherwise we will arrange a new appointment.",
        ),
    },
];

/// Loads the demo offices, services, opening hours, documents and help entries. Call on an
/// empty database.
pub async fn seed(tx: &mut Tx) -> StoreResult<()> {
    tx.forget_catalog();
    let mut office_ids = Vec::new();
    for office in &OFFICES {
        let sql = "INSERT INTO offices (code, name, address, phone, email, notice_de, notice_en) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
            .bind(office.code).bind(office.name).bind(office.address).bind(office.phone)
            .bind(office.email).bind(office.notice_de).bind(office.notice_en)
            .fetch_one(c).await?);
        for &(weekdays, opens, closes, counters, offline) in office.rules {
            let sql = "INSERT INTO opening_rules \
                       (office_id, weekdays, opens, closes, slot_minutes, counters, offline_counters) \
                       VALUES ($1, $2, $3, $4, 15, $5, $6)";
            let opens = time(opens);
            let closes = time(closes);
            with_tx!(tx, c => sqlx::query(sql).bind(id).bind(weekdays).bind(opens).bind(closes)
                .bind(counters).bind(offline).execute(c).await?.rows_affected());
        }
        office_ids.push(id);
    }
    for (position, service) in (0_i64..).zip(SERVICES.iter()) {
        let sql = "INSERT INTO services (name_de, name_en, description_de, description_en, fees_de, \
                   fees_en, max_quantity, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
            .bind(service.name.0).bind(service.name.1)
            .bind(service.description.0).bind(service.description.1)
            .bind(service.fees.0).bind(service.fees.1)
            .bind(service.max_quantity).bind(position)
            .fetch_one(c).await?);
        for (position, (de, en)) in (0_i64..).zip(service.documents.iter()) {
            let sql = "INSERT INTO service_documents (service_id, position, text_de, text_en) \
                       VALUES ($1, $2, $3, $4)";
            with_tx!(tx, c => sqlx::query(sql).bind(id).bind(position).bind(de).bind(en).execute(c).await?.rows_affected());
        }
        for (office_id, units) in office_ids.iter().zip([service.units.0, service.units.1]) {
            if units > 0 {
                let sql = "INSERT INTO office_services (office_id, service_id, units) VALUES ($1, $2, $3)";
                with_tx!(tx, c => sqlx::query(sql).bind(office_id).bind(id).bind(units).execute(c).await?.rows_affected());
            }
        }
    }
    for (position, entry) in (0_i64..).zip(FAQ.iter()) {
        let sql = "INSERT INTO faq_entries (office_id, slug, group_de, group_en, question_de, \
                   question_en, answer_de, answer_en, position) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        let office_id = entry.office.map(|index| office_ids[index]);
        with_tx!(tx, c => sqlx::query(sql).bind(office_id).bind(entry.slug)
            .bind(entry.group.0).bind(entry.group.1).bind(entry.question.0).bind(entry.question.1)
            .bind(entry.answer.0).bind(entry.answer.1).bind(position)
            .execute(c).await?.rows_affected());
    }
    Ok(())
}

fn time((hour, minute): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("demo opening hours are valid times")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_help_answer_is_markup_without_refused_links_and_every_slug_is_unique() {
        let mut slugs = std::collections::HashSet::new();
        for entry in &FAQ {
            assert!(slugs.insert(entry.slug), "{}", entry.slug);
            for answer in [entry.answer.0, entry.answer.1] {
                assert!(
                    shared::markup::rejected_links(answer).is_empty(),
                    "{answer}"
                );
                assert!(!shared::markup::parse(answer).is_empty());
            }
        }
    }
}
