//! Statistics of a small scenario: counts, rates, utilisation of the offered online capacity,
//! the CSV download, and the call queue's measured waiting and service times of a scripted
//! morning.

use crate::helpers::*;
use chrono::Utc;
use shared::admin::{
    QueueFigures, StaffBookingRequest, StaffStatus, StatisticsTable, StatusChange,
};
use shared::auth::StaffRole;
use shared::call_queue::{CallNext, Called, Finish, NewTicket, QueueLane};
use shared::ids::{OfficeId, QueueEntryId, ServiceId};
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
    cancel(&app, &cancelled).await;
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
        .statistics_csv(MAIN_OFFICE, day, date(2026, 12, 2), StatisticsTable::Days)
        .await
        .unwrap();
    let lines: Vec<_> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("date,bookings,cancelled_by_citizen"));
    assert_eq!(lines[1], "2026-12-01,4,1,0,1,0.3333,4,2,54,0.0741");
    assert!(lines[3].starts_with("total,4,"));
}

/// The front desk and one counter of the main office through a scripted Tuesday morning
/// (1 December 2026, office time): the clock is set before every step, and the demo
/// administrator logs in again before the access token (15 minutes) runs out.
struct Desk<'a> {
    app: &'a TestApp,
    staff: client::Client,
    /// When `staff` logged in; `None`: not yet.
    logged_in_at: Option<chrono::DateTime<Utc>>,
}

impl<'a> Desk<'a> {
    fn open(app: &'a TestApp) -> Desk<'a> {
        Desk {
            app,
            staff: app.client.clone(),
            logged_in_at: None,
        }
    }

    /// The clock set to `hour:minute` on Tuesday; staff logged in if need be.
    async fn at(&mut self, hour: u32, minute: u32) -> &client::Client {
        let now = winter_time(2026, 12, 1, hour, minute).with_timezone(&Utc);
        self.app.clock.set(now);
        let fresh = self
            .logged_in_at
            .is_some_and(|at| now - at < chrono::Duration::minutes(14));
        if !fresh {
            self.staff = admin_client(self.app).await;
            self.logged_in_at = Some(now);
        }
        &self.staff
    }

    /// A walk-in ticket for an ID card.
    async fn walk_in(&mut self, hour: u32, minute: u32) {
        self.draw(MAIN_OFFICE, ID_CARD, hour, minute).await;
    }

    async fn draw(&mut self, office: OfficeId, service: ServiceId, hour: u32, minute: u32) {
        let ticket = NewTicket {
            services: one(service),
        };
        let staff = self.at(hour, minute).await;
        staff
            .issue_ticket(office, &ticket)
            .await
            .expect("ticket drawn");
    }

    async fn call(&mut self, hour: u32, minute: u32) -> Called {
        let call = CallNext {
            counter: "Schalter 1".into(),
            services: Vec::new(),
        };
        self.at(hour, minute)
            .await
            .call_next(MAIN_OFFICE, &call)
            .await
            .unwrap()
            .expect("someone waits")
    }

    async fn recall(&mut self, entry: QueueEntryId, hour: u32, minute: u32) {
        let staff = self.at(hour, minute).await;
        staff.recall(MAIN_OFFICE, entry).await.expect("recalled");
    }

    async fn finish(&mut self, entry: QueueEntryId, hour: u32, minute: u32) {
        let staff = self.at(hour, minute).await;
        staff
            .finish_call(MAIN_OFFICE, entry, &Finish::default())
            .await
            .expect("finished");
    }

    async fn no_show(&mut self, entry: QueueEntryId, hour: u32, minute: u32) {
        let staff = self.at(hour, minute).await;
        staff.no_show(MAIN_OFFICE, entry).await.expect("not come");
    }
}

/// The figures of a lane with exact expectations: (called, served, no-shows) and the mean
/// wait, median wait and mean service in minutes.
fn figures(
    lane: QueueLane,
    (called, served, no_shows): (u32, u32, u32),
    (mean_wait, median_wait, mean_service): (Option<f64>, Option<f64>, Option<f64>),
) -> QueueFigures {
    QueueFigures {
        lane,
        called,
        served,
        no_shows,
        mean_wait_minutes: mean_wait,
        median_wait_minutes: median_wait,
        mean_service_minutes: mean_service,
    }
}

fn nobody(lane: QueueLane) -> QueueFigures {
    figures(lane, (0, 0, 0), (None, None, None))
}

#[tokio::test]
async fn the_statistics_measure_waits_from_arrival_to_the_first_call_and_services_from_the_last_call()
 {
    let app = spawn_app().await;
    let appointment = book_id_card(&app, winter_time(2026, 12, 1, 9, 0), "t@example.org").await;
    // Monday's ticket (the app starts on Monday) and the branch office's are not part of the
    // main office's Tuesday.
    let ticket = NewTicket {
        services: one(ID_CARD),
    };
    let monday = admin_client(&app).await;
    monday.issue_ticket(MAIN_OFFICE, &ticket).await.unwrap();
    let mut desk = Desk::open(&app);
    desk.draw(BRANCH_OFFICE, REGISTRATION, 8, 0).await;

    // waits 10 minutes, served in 6.
    desk.walk_in(8, 0).await;
    // waits 15, recalled after 3, served in 10 from the recall.
    desk.walk_in(8, 5).await;
    let first = desk.call(8, 10).await;
    desk.finish(first.id, 8, 16).await;
    let second = desk.call(8, 20).await;
    desk.recall(second.id, 8, 23).await;
    desk.finish(second.id, 8, 33).await;
    // T-001, the 09:00 appointment checked in early: waits 15, served in 12.
    desk.at(8, 45)
        .await
        .change_status(
            appointment.appointments[0].id,
            &StatusChange {
                status: StaffStatus::CheckedIn,
                reason: None,
            },
        )
        .await
        .unwrap();
    // the appointment goes first; waits 26, called twice, does not come.
    desk.walk_in(8, 46).await;
    let due = desk.call(9, 0).await;
    assert_eq!(due.lane, QueueLane::Appointment);
    desk.finish(due.id, 9, 12).await;
    let absent = desk.call(9, 12).await;
    desk.recall(absent.id, 9, 14).await;
    desk.no_show(absent.id, 9, 16).await;
    // waits 10, served in 14. A-005 still waits.
    desk.walk_in(9, 30).await;
    let last = desk.call(9, 40).await;
    desk.finish(last.id, 9, 54).await;
    desk.walk_in(10, 5).await;

    let staff = desk.at(10, 6).await.clone();
    let stats = staff
        .statistics(MAIN_OFFICE, date(2026, 12, 1), date(2026, 12, 2))
        .await
        .unwrap();
    let appointments = figures(
        QueueLane::Appointment,
        (1, 1, 0),
        (Some(15.0), Some(15.0), Some(12.0)),
    );
    // Waits 10, 15, 26 and 10 minutes; services 6, 10 and 14.
    let walk_ins = figures(
        QueueLane::WalkIn,
        (4, 3, 1),
        (Some(15.25), Some(12.5), Some(10.0)),
    );
    assert_eq!(stats.queue_totals, [appointments.clone(), walk_ins.clone()]);
    assert_eq!(stats.queue_days.len(), 2);
    assert_eq!(stats.queue_days[0].date, date(2026, 12, 1));
    assert_eq!(stats.queue_days[0].lanes, stats.queue_totals);
    assert_eq!(
        stats.queue_days[1].lanes,
        [nobody(QueueLane::Appointment), nobody(QueueLane::WalkIn)]
    );
    let hours: Vec<u8> = stats.queue_hours.iter().map(|h| h.hour).collect();
    assert_eq!(hours, [8, 9, 10], "by when they queued, in office time");
    assert_eq!(
        stats.queue_hours[0].lanes,
        [
            appointments,
            figures(
                QueueLane::WalkIn,
                (3, 2, 1),
                (Some(17.0), Some(15.0), Some(8.0))
            ),
        ]
    );
    assert_eq!(
        stats.queue_hours[1].lanes[1],
        figures(
            QueueLane::WalkIn,
            (1, 1, 0),
            (Some(10.0), Some(10.0), Some(14.0))
        )
    );
    assert_eq!(
        stats.queue_hours[2].lanes,
        [nobody(QueueLane::Appointment), nobody(QueueLane::WalkIn)]
    );

    let csv = staff
        .statistics_csv(
            MAIN_OFFICE,
            date(2026, 12, 1),
            date(2026, 12, 2),
            StatisticsTable::Queue,
        )
        .await
        .unwrap();
    let lines: Vec<_> = csv.split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "group,key,lane,called,served,no_shows,mean_wait_minutes,median_wait_minutes,mean_service_minutes",
            "day,2026-12-01,appointment,1,1,0,15.00,15.00,12.00",
            "day,2026-12-01,walk_in,4,3,1,15.25,12.50,10.00",
            "day,2026-12-02,appointment,0,0,0,,,",
            "day,2026-12-02,walk_in,0,0,0,,,",
            "hour,8,appointment,1,1,0,15.00,15.00,12.00",
            "hour,8,walk_in,3,2,1,17.00,15.00,8.00",
            "hour,9,appointment,0,0,0,,,",
            "hour,9,walk_in,1,1,0,10.00,10.00,14.00",
            "hour,10,appointment,0,0,0,,,",
            "hour,10,walk_in,0,0,0,,,",
            "total,,appointment,1,1,0,15.00,15.00,12.00",
            "total,,walk_in,4,3,1,15.25,12.50,10.00",
            "",
        ]
    );
}
