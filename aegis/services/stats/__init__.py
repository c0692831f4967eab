"""Daily counters per guild."""
