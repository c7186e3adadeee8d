/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// @ts-check

/**
 * What-if: the objects and metrics each cluster's report was evaluated from,
 * one row per cluster, replaced by the replica that refreshes it. Simulations
 * read them back instead of asking the cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_security_simulation_inputs', table => {
    table.comment(
      'Objects and metrics of each cluster as last evaluated, for what-if simulations',
    );
    table
      .string('cluster', 255)
      .primary()
      .notNullable()
      .comment('cluster name as the snapshot reports it');
    table
      .string('revision', 64)
      .notNullable()
      .comment(
        'changes on every write; readers re-parse the payload only when it changed',
      );
    table
      .string('evaluated_at', 32)
      .notNullable()
      .comment(
        'ISO time the engine was told it is (evaluatedAt of the report)',
      );
    // longtext on MySQL (text stops at 64 KiB); plain text elsewhere
    table
      .text('payload', 'longtext')
      .notNullable()
      .comment(
        'JSON: objects (reduced to what the engine reads), metrics, engine options',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_security_simulation_inputs');
};
