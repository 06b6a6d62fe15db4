"""Operations tools across services: stack status, dead letters, re-drives."""
