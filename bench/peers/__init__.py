"""Peers of the load bench: bench_load.py --peers (harness.py) and one small load script per peer."""
