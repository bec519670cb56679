"""The domain core: what a workshop is and what its rules make of it. Imports nothing else of planner."""
