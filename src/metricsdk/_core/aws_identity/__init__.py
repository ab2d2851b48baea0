"""Where AWS credentials come from: one small module per source (environment, shared files,
assume-role, web identity, SSO, credential_process, container, instance metadata), the STS
wire format, refresh with one fetch in flight, and the default chain that picks a source in
botocore's order. Imported on first use: clients with static keys never load any of it."""
