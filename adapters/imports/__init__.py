"""Spreadsheets in and out for bulk imports: reading CSV/XLSX into rows, writing the report."""
