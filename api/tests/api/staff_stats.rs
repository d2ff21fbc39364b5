//! Statistics of a small scenario: counts, rates, utilisation of the offered online capacity,
//! the CSV download, and waiting times measured on demand.

use crate::helpers::*;
use shared::admin::{StaffBookingRequest, StaffStatus, StatusChange};
use shared::auth::StaffRole;
use shared::locale::Locale;

#[tokio::test]
async fn statistics_count_bookings_cancellations_no_shows_and_utilisation() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    let day = date(2026, 12, 1);
    let cancelled = book_id_card(&app, winter_time(2026, 12, 1, 8, 0), "a@example.org").await;
    let absent = book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "b@example.org").await;
    let present = book_id_card(&app, winter_time(2026, 12, 1, 10, 0), "c@example.org").await;
    manager
        .book_on_behalf(
            MAIN_OFFICE,
            &StaffBookingRequest {
                services: one(ID_CARD),
                start: winter_time(2026, 12, 1, 11, 0),
                citizen: citizen("d@example.org"),
                locale: Locale::De,
            },
        )
        .await
        .unwrap();
    app.client
        .cancel(
            &cancelled.reference,
            cancelled.manage_token.as_deref().unwrap(),
            None,
        )
        .await
        .unwrap();
    app.clock.set(winter_time(2026, 12, 1, 10, 30).to_utc());
    // The access token has expired meanwhile (15 minutes); a new login.
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    let change = |status| StatusChange {
        status,
        reason: None,
    };
    manager
        .change_status(absent.appointments[0].id, &change(StaffStatus::NoShow))
        .await
        .unwrap();
    manager
        .change_status(present.appointments[0].id, &change(StaffStatus::CheckedIn))
        .await
        .unwrap();

    let stats = manager
        .statistics(MAIN_OFFICE, day, date(2026, 12, 2))
        .await
        .unwrap();
    assert_eq!(stats.days.len(), 2);
    let tuesday = &stats.days[0].counts;
    assert_eq!(tuesday.bookings, 4);
    assert_eq!(tuesday.cancelled_by_citizen, 1);
    assert_eq!(tuesday.cancelled_by_office, 0);
    assert_eq!(tuesday.no_shows, 1);
    assert_eq!(tuesday.no_show_rate, Some(1.0 / 3.0));
    // 08:00–12:30 = 18 units × 3 online counters; two active online ID cards × 2 units.
    assert_eq!(tuesday.offered_online_units, 54);
    assert_eq!(tuesday.online_booked_units, 4);
    assert_eq!(tuesday.staff_booked_units, 2);
    assert_eq!(tuesday.utilisation, Some(4.0 / 54.0));
    assert_eq!(stats.days[1].counts.bookings, 0);
    assert_eq!(stats.totals.bookings, 4);
    assert_eq!(stats.totals.offered_online_units, 108);

    let csv = manager
        .statistics_csv(MAIN_OFFICE, day, date(2026, 12, 2))
        .await
        .unwrap();
    let lines: Vec<_> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("date,bookings,cancelled_by_citizen"));
    assert_eq!(lines[1], "2026-12-01,4,1,0,1,0.3333,4,2,54,0.0741");
    assert!(lines[3].starts_with("total,4,"));
}

#[tokio::test]
async fn waiting_times_are_measured_on_demand_and_appear_in_the_statistics() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    let measured = manager.measure_waiting_times(MAIN_OFFICE).await.unwrap();
    let id_card = measured.iter().find(|w| w.service_id == ID_CARD).unwrap();
    // Monday 07:00: the next free ID card appointment is at 08:00 the same day.
    assert_eq!(id_card.next_free, Some(winter_time(2026, 11, 30, 8, 0)));
    assert_eq!(id_card.wait_minutes, Some(60));
    assert_eq!(id_card.service_name, "Personalausweis beantragen");

    let stats = manager
        .statistics(MAIN_OFFICE, date(2026, 11, 30), date(2026, 11, 30))
        .await
        .unwrap();
    assert!(
        stats
            .waiting_times
            .iter()
            .any(|w| w.service_id == ID_CARD && w.wait_minutes == Some(60))
    );
    expect_problem(
        staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE])
            .await
            .measure_waiting_times(MAIN_OFFICE)
            .await,
        403,
        "forbidden",
    );
}
