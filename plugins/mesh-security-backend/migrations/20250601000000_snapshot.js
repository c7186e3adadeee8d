/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// @ts-check

/**
 * The latest posture snapshot, shared by every replica: one row per kind
 * (`snapshot`, `metrics`), replaced on every refresh.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_security_snapshot', table => {
    table.comment('Latest mesh posture snapshot, replaced by each refresh');
    table
      .string('id', 32)
      .primary()
      .notNullable()
      .comment('snapshot or metrics');
    table
      .string('revision', 64)
      .notNullable()
      .comment(
        'changes on every write; readers re-parse the payload only when it changed',
      );
    table
      .string('generated_at', 32)
      .notNullable()
      .comment('ISO time of the refresh');
    // longtext on MySQL (text stops at 64 KiB); plain text elsewhere
    table.text('payload', 'longtext').notNullable().comment('JSON');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_security_snapshot');
};
