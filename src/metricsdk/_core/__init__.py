"""The service-agnostic core: auth, retries, pacing, transport. Private; the public names are
re-exported from :mod:`metricsdk`."""
