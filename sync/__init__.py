"""Sync to the central platform: durable outbox, FHIR R4 mapping, uploader, auth, down-sync."""
