i18n extract tests/cli/data/i18n -o -
