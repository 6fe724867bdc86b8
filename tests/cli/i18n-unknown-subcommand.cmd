i18n frobnicate tests/cli/data/i18n
