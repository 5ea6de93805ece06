//! The capture endpoint's rate limit: at most `per_minute` submissions from one client address
//! to one form per clock minute. Counted in this process's memory, so with several instances
//! behind a balancer each counts its own (the limit is per instance); that is enough to stop a
//! script hammering one form, and needs no shared store.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Windows kept before old ones are swept out (bounds memory under many addresses).
const SWEEP_ABOVE: usize = 10_000;

#[derive(Clone, Default)]
pub struct RateLimiter {
    windows: Arc<Mutex<HashMap<(i32, String), Window>>>,
}

#[derive(Clone, Copy)]
struct Window {
    minute: i64,
    count: u32,
}

impl RateLimiter {
    /// Counts one submission at `now_secs` (Unix seconds). Ok while within the limit, else the
    /// seconds until the next minute starts (for `Retry-After`).
    pub fn hit(
        &self,
        form_id: i32,
        client: &str,
        per_minute: u32,
        now_secs: i64,
    ) -> Result<(), u64> {
        let minute = now_secs.div_euclid(60);
        let Ok(mut windows) = self.windows.lock() else {
            return Ok(());
        };
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, w| w.minute == minute);
        }
        let window = windows
            .entry((form_id, client.to_string()))
            .or_insert(Window { minute, count: 0 });
        if window.minute != minute {
            *window = Window { minute, count: 0 };
        }
        if window.count >= per_minute {
            let wait = 60 - now_secs.rem_euclid(60);
            return Err(wait.max(1) as u64);
        }
        window.count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_form_and_address_within_the_minute() {
        let limiter = RateLimiter::default();
        // 1,800,000,000 is a whole minute: t is 10 s into one.
        let t = 1_800_000_010;
        assert!(limiter.hit(1, "a", 2, t).is_ok());
        assert!(limiter.hit(1, "a", 2, t + 1).is_ok());
        assert_eq!(limiter.hit(1, "a", 2, t + 2), Err(48));
        assert!(limiter.hit(1, "b", 2, t + 2).is_ok(), "another address");
        assert!(limiter.hit(2, "a", 2, t + 2).is_ok(), "another form");
        assert!(limiter.hit(1, "a", 2, t + 50).is_ok(), "the next minute");
    }
}
