"""Benchmarks across organisations: many assessment files read into one table, shown only under the k rule."""
