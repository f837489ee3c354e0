"""The item-writing lint: flaws in single items and the test-wise score of each bank.

No UI here: `rls-tutor lint` (commands/lint.py) prints what `lint_course` returns.
"""
