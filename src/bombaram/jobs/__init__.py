"""Background jobs: large imports and exports run by a worker, with progress the pages poll."""
