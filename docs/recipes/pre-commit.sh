#!/bin/sh
npx --no -- lint-staged
