"""`casework backup` and `casework restore` (decision 0021): the stores' data copied
online and consistently into a backup directory, the keys into a separate key file."""
