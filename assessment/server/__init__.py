"""The vote server: phones join the workshop room and vote without a kernel of their own."""
