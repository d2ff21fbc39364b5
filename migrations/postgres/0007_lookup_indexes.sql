-- Indexes for the lookups every booking and every availability answer makes, which otherwise
-- read all of an office's appointments or all bookings once there are tens of thousands.

-- The per-address limit: open appointments of one email address.
CREATE INDEX bookings_by_email ON bookings (citizen_email) WHERE citizen_email IS NOT NULL;

-- Bookings whose activation deadline passes.
CREATE INDEX bookings_awaiting_activation ON bookings (activation_deadline)
    WHERE status = 'pending_activation';

-- Claims still cooling down after a cancellation.
CREATE INDEX appointments_released ON appointments (office_id, released_at)
    WHERE released_at IS NOT NULL;
