/**
 * Reading the YAML files people write ({@code submission.yaml}, {@code policy.yaml}): one walker
 * with line numbers, limits on size, aliases and nesting, duplicate-key detection on the node tree
 * and "did you mean" for unknown keys. Each file's parser says what its keys mean.
 */
package org.prex.yaml;
