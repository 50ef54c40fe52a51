"""Weekly digests: what each body owes, as of a day — the reminder that reaches people.

`data` reads what goes in them (one streamed query for the bodies, grouped
figures for the head), `render` writes them as Markdown, text and HTML, and
`produce` writes the files and sends the mail (`roadmap digest`).
"""
