//! The shape of the latency histograms that `/metrics` reports, shared by
//! the request counters (`web`) and the database pool's waits (`db`).

use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

/// Seconds, from half a millisecond to about 16 seconds.
pub fn latency_buckets() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}
