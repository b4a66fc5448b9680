"""BMI Advisor: a domain-blind engine wrapper for a forward-chaining business-model rule base."""

__version__ = "0.1.0"
