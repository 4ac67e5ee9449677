"""The data package: schemas, release files, versions, diffs, pull and publish."""
