//! The staff app under `/admin`: login, day plan, configuration, statistics, help editor.

fn main() {
    frontend::start(frontend::StaffApp);
}
