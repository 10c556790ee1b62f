"""Visit -> FHIR R4 transaction Bundle (LOINC/UCUM), validated with fhir.resources R4B."""
