"""Evaluation: dataset adapters, metrics and the benchmark runner."""
