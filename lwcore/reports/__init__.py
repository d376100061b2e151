"""Reports of an office's released figures for councils and funders: XLSX, PDF, CSV.

The tables come from the services (only figures released for leaving the office);
each format has its writer. Heavy libraries (openpyxl, fpdf2) load with their writer.
"""
