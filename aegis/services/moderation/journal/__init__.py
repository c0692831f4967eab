"""The action journal's machinery: steps (a Discord call as data), leases (who is working on a row), the
reconciler (rows a dead process left in flight), and the crash points the fault-injection tests stop at."""
