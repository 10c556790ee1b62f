"""Spoken guidance: Korean number words, the prompt catalogue and the speech engines."""
