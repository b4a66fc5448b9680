"""BMI Advisor: a domain-blind engine wrapper for a forward-chaining business-model rule base."""
