"""Papers a client takes home, in German and the client's language side by side:
the appointment slip, the referral slip, the consent form and the readable copy
of the household's data (Art. 15 GDPR). PDFs made with fpdf2, Arabic and Persian
shaped and set right to left. The data comes from the services as frozen
records; nothing here opens the database.
"""
