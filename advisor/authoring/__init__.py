"""Tools for the people who extend the knowledge: the rule check and the rule book.

Domain-blind like the core: they read whatever rule base is loaded (its traits, rules, question
bank and proposition registry) and the papers' texts, and name nothing of the knowledge itself.
"""
