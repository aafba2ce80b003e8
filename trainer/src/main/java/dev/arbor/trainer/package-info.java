/** trainer. */
package dev.arbor.trainer;
