"""Problems as tools read them: findings with file, line and column, rendered as text with
colour on a terminal, JSON, GitHub Actions annotations or SARIF. Commands collect findings and
hand them here; nothing in this package decides what is a problem."""
