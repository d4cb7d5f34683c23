"""Regulations (regelingen) of a municipality and the public check of who may use them."""
