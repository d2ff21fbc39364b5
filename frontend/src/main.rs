//! The citizens' app: start page, booking journey, managing a booking, help.

fn main() {
    frontend::start(frontend::CitizenApp);
}
