"""Periodic CCHC reports: gather the figures of one unit and period (data.py), render them (docx, xlsx,
html, pdf), deliver them by e-mail (delivery/)."""
