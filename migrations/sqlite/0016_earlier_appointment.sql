-- An earlier appointment (issue 17): a citizen with an appointment waits for an earlier one;
-- an accepted offer moves that appointment instead of booking another. Offers to such an
-- entry start before the appointment it moves. SQLite flavour; the twin in
-- ../postgres/0016_earlier_appointment.sql must stay equivalent.
ALTER TABLE waitlist_entries ADD COLUMN moves_appointment_id INTEGER REFERENCES appointments (id) ON DELETE CASCADE;
CREATE INDEX waitlist_entries_moving ON waitlist_entries (moves_appointment_id)
    WHERE moves_appointment_id IS NOT NULL;
