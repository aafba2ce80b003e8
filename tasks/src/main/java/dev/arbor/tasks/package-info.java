/** tasks. */
package dev.arbor.tasks;
