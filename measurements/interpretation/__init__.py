"""Pure interpretation: categories, cut-offs, plausibility, reference wording."""
