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

/// Loads the demo offices, services, opening hours and documents. Call on an empty database.
pub async fn seed(tx: &mut Tx) -> StoreResult<()> {
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
    Ok(())
}

fn time((hour, minute): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("demo opening hours are valid times")
}
