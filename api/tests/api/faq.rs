//! The help page's questions and answers: the public list (languages, office filter, hidden
//! entries), editing by role, reordering, the audit log, and hostile markup.

use crate::helpers::*;
use shared::auth::StaffRole;
use shared::faq::{FaqEntry, FaqEntrySettings};
use shared::ids::{FaqEntryId, OfficeId};
use shared::locale::Locale;
use shared::markup::{Block, Inline};

fn entry(slug: &str, office_id: Option<OfficeId>) -> FaqEntrySettings {
    FaqEntrySettings {
        slug: slug.into(),
        office_id,
        group_de: "Parken".into(),
        group_en: "Parking".into(),
        question_de: "Wo kann ich parken?".into(),
        question_en: "Where can I park?".into(),
        answer_de: "Auf dem Parkplatz **hinter dem Rathaus**.\n\n- [Lageplan](https://www.porta-westfalica.de/)".into(),
        answer_en: "In the car park **behind the town hall**.\n\n- [Map](https://www.porta-westfalica.de/)".into(),
        visible: true,
    }
}

fn slugs(entries: &[FaqEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.slug.as_str()).collect()
}

async fn public(app: &TestApp, office: Option<OfficeId>) -> Vec<FaqEntry> {
    app.client.faq(Locale::De, office).await.unwrap()
}

#[tokio::test]
async fn the_public_help_lists_entries_for_every_office_plus_the_chosen_one_in_the_asked_language()
{
    let app = spawn_app().await;

    let main = public(&app, Some(MAIN_OFFICE)).await;
    assert!(slugs(&main).contains(&"dringend"));
    assert!(slugs(&main).contains(&"verspaetung"));
    assert!(!slugs(&main).contains(&"hausberge"));
    let branch = public(&app, Some(BRANCH_OFFICE)).await;
    assert!(slugs(&branch).contains(&"hausberge"));
    assert!(!slugs(&branch).contains(&"verspaetung"));
    let all = public(&app, None).await;
    assert!(slugs(&all).contains(&"hausberge") && slugs(&all).contains(&"verspaetung"));
    assert!(all.windows(2).all(|w| w[0].position <= w[1].position));

    let german = &all[0];
    let english = app.client.faq(Locale::En, None).await.unwrap();
    let english = english.iter().find(|e| e.id == german.id).unwrap();
    assert_eq!(
        german.question,
        "Mein Anliegen ist dringend. Was kann ich tun?"
    );
    assert_eq!(english.question, "My matter is urgent. What can I do?");
    assert_eq!(
        (german.group.as_str(), english.group.as_str()),
        ("Termine buchen", "Booking")
    );
    let links: Vec<&Inline> = match &german.answer[1] {
        Block::BulletList { items } => items.iter().flatten().collect(),
        other => panic!("expected the contact list, got {other:?}"),
    };
    assert!(links.contains(&&Inline::Link {
        text: "(05 71) 79 12 23".into(),
        href: "tel:+49571791223".into()
    }));
}

#[tokio::test]
async fn a_clerk_may_neither_see_nor_change_the_help_entries() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let some_entry = public(&app, None).await[0].id;

    expect_problem(clerk.admin_faq().await, 403, "forbidden");
    expect_problem(
        clerk
            .create_faq_entry(&entry("parken", Some(MAIN_OFFICE)))
            .await,
        403,
        "forbidden",
    );
    expect_problem(
        clerk
            .update_faq_entry(some_entry, &entry("parken", None))
            .await,
        403,
        "forbidden",
    );
    expect_problem(clerk.delete_faq_entry(some_entry).await, 403, "forbidden");
    expect_problem(clerk.reorder_faq(&[some_entry]).await, 403, "forbidden");
    expect_problem(app.client.admin_faq().await, 401, "unauthorized");
}

#[tokio::test]
async fn a_manager_edits_the_entries_of_their_office_and_only_sees_those_for_every_office() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;

    let listed = manager.admin_faq().await.unwrap();
    let global = listed
        .iter()
        .find(|e| e.settings.slug == "dringend")
        .unwrap();
    let own = listed
        .iter()
        .find(|e| e.settings.slug == "verspaetung")
        .unwrap();
    assert!(!global.editable && own.editable);
    assert!(!listed.iter().any(|e| e.settings.slug == "hausberge"));

    let created = manager
        .create_faq_entry(&entry("parken", Some(MAIN_OFFICE)))
        .await
        .unwrap();
    assert!(created.editable);
    for office in [Some(BRANCH_OFFICE), None] {
        expect_problem(
            manager.create_faq_entry(&entry("anderswo", office)).await,
            403,
            "forbidden",
        );
        expect_problem(
            manager
                .update_faq_entry(created.id, &entry("parken", office))
                .await,
            403,
            "forbidden",
        );
    }
    expect_problem(
        manager.update_faq_entry(global.id, &global.settings).await,
        403,
        "forbidden",
    );
    expect_problem(manager.delete_faq_entry(global.id).await, 403, "forbidden");
    expect_problem(
        manager.reorder_faq(&[own.id, global.id]).await,
        403,
        "forbidden",
    );

    let changed = FaqEntrySettings {
        question_de: "Gibt es Parkplätze?".into(),
        ..entry("parken", Some(MAIN_OFFICE))
    };
    manager
        .update_faq_entry(created.id, &changed)
        .await
        .unwrap();
    let main = public(&app, Some(MAIN_OFFICE)).await;
    let shown = main.iter().find(|e| e.id == created.id).unwrap();
    assert_eq!(shown.question, "Gibt es Parkplätze?");
    assert!(
        !slugs(&public(&app, Some(BRANCH_OFFICE)).await).contains(&"parken"),
        "an office's entry is not shown for another office"
    );
    manager.delete_faq_entry(created.id).await.unwrap();
    assert!(!slugs(&public(&app, None).await).contains(&"parken"));
}

#[tokio::test]
async fn an_admins_changes_show_at_once_hidden_entries_stay_private_and_all_is_audited() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;

    let created = admin
        .create_faq_entry(&entry("parken", None))
        .await
        .unwrap();
    let shown = public(&app, Some(BRANCH_OFFICE)).await;
    assert_eq!(shown.last().map(|e| e.slug.as_str()), Some("parken"));

    let hidden = FaqEntrySettings {
        visible: false,
        ..entry("parken", None)
    };
    admin.update_faq_entry(created.id, &hidden).await.unwrap();
    assert!(!slugs(&public(&app, None).await).contains(&"parken"));
    assert!(
        !slugs(&public(&app, Some(MAIN_OFFICE)).await).contains(&"parken"),
        "hidden entries are never public"
    );
    let listed = admin.admin_faq().await.unwrap();
    let kept = listed.iter().find(|e| e.id == created.id).unwrap();
    assert!(!kept.settings.visible);

    admin.delete_faq_entry(created.id).await.unwrap();
    expect_problem(admin.delete_faq_entry(created.id).await, 404, "not_found");

    let audit = admin.audit(1, Some("faq_entry")).await.unwrap();
    let actions: Vec<&str> = audit.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "faq_entry.deleted",
            "faq_entry.updated",
            "faq_entry.created"
        ]
    );
    assert!(
        audit.entries[1]
            .after
            .as_deref()
            .unwrap()
            .contains("\"visible\":false")
    );
}

#[tokio::test]
async fn slugs_must_be_unique_and_well_formed_and_texts_are_required() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;

    let problem = expect_problem(
        admin.create_faq_entry(&entry("dringend", None)).await,
        422,
        "validation_failed",
    );
    assert_eq!(problem.errors[0].code, "slug_taken");
    let bad = FaqEntrySettings {
        question_en: " ".into(),
        office_id: Some(OfficeId(99)),
        ..entry("Nicht OK", None)
    };
    let problem = expect_problem(admin.create_faq_entry(&bad).await, 422, "validation_failed");
    let codes: Vec<(&str, &str)> = problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("slug", "invalid_slug"),
            ("question_en", "required"),
            ("office_id", "unknown_office")
        ]
    );
}

#[tokio::test]
async fn reordering_moves_the_listed_entries_among_the_positions_they_held() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let before = public(&app, None).await;
    let (first, second, third) = (before[0].id, before[1].id, before[2].id);

    admin.reorder_faq(&[third, first]).await.unwrap();
    let after: Vec<FaqEntryId> = public(&app, None).await.iter().map(|e| e.id).collect();
    assert_eq!(after[..3], [third, second, first]);
    assert_eq!(after.len(), before.len());

    let problem = expect_problem(
        admin.reorder_faq(&[first, first]).await,
        422,
        "validation_failed",
    );
    assert_eq!(problem.errors[0].code, "invalid_order");
    let problem = expect_problem(
        admin.reorder_faq(&[FaqEntryId(9999)]).await,
        422,
        "validation_failed",
    );
    assert_eq!(problem.errors[0].code, "unknown_entry");
}

#[tokio::test]
async fn hostile_markup_is_refused_when_saved_and_only_ever_returned_as_text() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;

    let javascript = FaqEntrySettings {
        answer_de: "Bitte [hier klicken](javascript:alert(document.cookie)).".into(),
        ..entry("boese", None)
    };
    let problem = expect_problem(
        admin.create_faq_entry(&javascript).await,
        422,
        "validation_failed",
    );
    assert_eq!(
        (
            problem.errors[0].field.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("answer_de", "unsafe_link")
    );

    let script = FaqEntrySettings {
        question_de: "<img src=x onerror=alert(1)>".into(),
        answer_de: "<script>alert(1)</script>".into(),
        ..entry("skript", None)
    };
    admin.create_faq_entry(&script).await.unwrap();
    let shown = public(&app, None).await;
    let shown = shown.iter().find(|e| e.slug == "skript").unwrap();
    assert_eq!(shown.question, "<img src=x onerror=alert(1)>");
    assert_eq!(
        shown.answer,
        [Block::Paragraph {
            content: vec![Inline::Text {
                text: "<script>alert(1)</script>".into()
            }]
        }]
    );

    // Written past the API (an old row, a manual edit): the parser still drops the target.
    app.execute(
        "INSERT INTO faq_entries (slug, group_de, group_en, question_de, question_en, answer_de, \
         answer_en, position) VALUES ('roh', 'G', 'G', 'F', 'Q', \
         '[Klick](javascript:alert(1)) [x](data:text/html,<script>alert(1)</script>)', 'A', 99)",
    )
    .await;
    let body = reqwest::get(app.url("/api/v1/faq?lang=de"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !body.contains("javascript:") && !body.contains("data:"),
        "{body}"
    );
    let entries: Vec<FaqEntry> = serde_json::from_str(&body).unwrap();
    let raw = entries.iter().find(|e| e.slug == "roh").unwrap();
    assert_eq!(
        raw.answer,
        [Block::Paragraph {
            content: vec![Inline::Text {
                text: "Klick x".into()
            }]
        }]
    );
}
