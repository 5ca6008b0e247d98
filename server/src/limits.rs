//! Abuse limits on the doors that take guesses: sign-in and invite redemption. (The doors that
//! send e-mail, sign-up and password reset, are limited per address in the database:
//! [`per_address`].)
//!
//! The account lockout that matters is [`sign_in`]: failed sign-ins counted in the database per
//! account and address, so that replicas share them and an attacker cannot lock the owner out.
//! What is here are coarse rates per source address (and per invite code) in process memory:
//! each replica counts on its own, so a fleet of N allows up to N times the rate. That is
//! acceptable for these: they only keep one address from flooding sign-in or guessing invite
//! codes, and no owner's access depends on them.

pub mod per_address;
pub mod sign_in;

use crate::error::ApiError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

/// Which door is knocked on.
#[derive(Debug, Clone, Copy)]
pub enum Door {
    SignIn,
    Invite,
}

impl Door {
    fn name(self) -> &'static str {
        match self {
            Self::SignIn => "sign-in",
            Self::Invite => "invite",
        }
    }
}

/// The limiters of one process.
pub struct Limits {
    per_address: DefaultKeyedRateLimiter<String>,
    per_account: DefaultKeyedRateLimiter<String>,
    checks: AtomicU64,
}

impl Limits {
    /// Attempts per minute allowed from one address and against one account (at least 1).
    #[must_use]
    pub fn new(per_address_per_minute: u32, per_account_per_minute: u32) -> Self {
        let quota =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        Self {
            per_address: RateLimiter::keyed(quota(per_address_per_minute)),
            per_account: RateLimiter::keyed(quota(per_account_per_minute)),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one attempt at `door` from `address` (an IPv6 address by its /64) and, with
    /// `account`, against that invite code (normalised or hashed by the
    /// caller). Sign-in passes no account: a rate per account would let anybody lock its owner
    /// out.
    ///
    /// # Errors
    /// `TooManyRequests` with the seconds to wait.
    pub fn check(
        &self,
        door: Door,
        address: Option<IpAddr>,
        account: Option<&str>,
    ) -> Result<(), ApiError> {
        // Forget idle keys now and then, so the maps stay as small as the active attackers.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 1024 == 1023 {
            self.per_address.retain_recent();
            self.per_account.retain_recent();
        }
        let now = DefaultClock::default().now();
        let wait = |result: Result<(), governor::NotUntil<_>>| {
            result
                .err()
                .map(|not_until| not_until.wait_time_from(now).as_secs().max(1))
        };
        if let Some(address) = address
            && let Some(secs) = wait(self.per_address.check_key(&format!(
                "{}|{}",
                door.name(),
                sign_in::address_key(Some(address))
            )))
        {
            return Err(ApiError::TooManyRequests(secs));
        }
        if let Some(account) = account
            && let Some(secs) = wait(
                self.per_account
                    .check_key(&format!("{}|{account}", door.name())),
            )
        {
            return Err(ApiError::TooManyRequests(secs));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_stopped_after_its_quota_and_told_when_to_return() {
        let limits = Limits::new(3, 100);
        let ip: IpAddr = "192.0.2.1".parse().expect("an address");
        for _ in 0..3 {
            assert!(limits.check(Door::SignIn, Some(ip), None).is_ok());
        }
        match limits.check(Door::SignIn, Some(ip), None) {
            Err(ApiError::TooManyRequests(secs)) => assert!((1..=60).contains(&secs), "{secs}"),
            other => panic!("expected 429, got {other:?}"),
        }
        // Another door and another address are counted apart.
        assert!(limits.check(Door::Invite, Some(ip), None).is_ok());
        assert!(
            limits
                .check(
                    Door::SignIn,
                    Some("192.0.2.2".parse().expect("an address")),
                    None
                )
                .is_ok()
        );
    }

    #[test]
    fn an_invite_code_is_protected_whatever_the_address() {
        let limits = Limits::new(100, 2);
        for i in 0..2 {
            let ip: IpAddr = format!("198.51.100.{i}").parse().expect("an address");
            assert!(
                limits
                    .check(Door::Invite, Some(ip), Some("code-hash"))
                    .is_ok()
            );
        }
        let ip: IpAddr = "198.51.100.9".parse().expect("an address");
        assert!(
            limits
                .check(Door::Invite, Some(ip), Some("code-hash"))
                .is_err()
        );
    }

    #[test]
    fn addresses_of_one_ipv6_64_share_their_quota() {
        let limits = Limits::new(1, 100);
        let a: IpAddr = "2001:db8:0:1::1".parse().expect("an address");
        let b: IpAddr = "2001:db8:0:1::2".parse().expect("an address");
        assert!(limits.check(Door::Invite, Some(a), None).is_ok());
        assert!(limits.check(Door::Invite, Some(b), None).is_err());
    }
}
