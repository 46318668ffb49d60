#!/usr/bin/env node
// `sapa start | worker | migrate` — runs the TypeScript entry point through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli.ts');
