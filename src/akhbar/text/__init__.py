"""Arabic text: normalisation, folding, digits and clitics, shared by every stage."""
