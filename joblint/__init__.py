"""joblint: lint, default, validate and dry-run Kubernetes Job and CronJob manifests."""

__version__ = "0.1.0"
