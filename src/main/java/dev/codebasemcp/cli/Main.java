package dev.codebasemcp.cli;
public final class Main { public static void main(String[] a) {} }
