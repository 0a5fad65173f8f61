/*
 * Copyright 2024 Example Corp.
 * Licensed under the Apache License, Version 2.0.
 */
package com.example.shop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A line of an order: a product code, a quantity and a unit price. */
record OrderLine(String sku, int quantity, BigDecimal unitPrice) {
    OrderLine {
        Objects.requireNonNull(sku, "sku");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }

    /** Price of the whole line. */
    BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}

/**
 * Validates, prices and books orders.
 *
 * <p>Not thread-safe; create one per request.
 */
public class OrderService {
    private static final BigDecimal FREE_SHIPPING_THRESHOLD = new BigDecimal("50.00");
    private static final BigDecimal SHIPPING_FEE = new BigDecimal("4.95");

    private final Map<String, Integer> stock;
    private final List<String> audit = new ArrayList<>();

    public OrderService(Map<String, Integer> stock) {
        this.stock = Objects.requireNonNull(stock, "stock");
    }

    /**
     * Checks every line of an order against the stock and the business rules.
     *
     * @param lines  the order lines
     * @param region the delivery region code
     * @return the problems found, empty when the order is valid
     */
    @SuppressWarnings("checkstyle:CyclomaticComplexity")
    public List<String> validate(List<OrderLine> lines, String region) {
        List<String> problems = new ArrayList<>();
        if (lines == null || lines.isEmpty()) {
            problems.add("order has no lines");
            return problems;
        }
        if (region == null || region.isBlank()) {
            problems.add("delivery region is missing");
        } else if (!region.matches("[A-Z]{2}")) {
            problems.add("delivery region must be two capital letters: " + region);
        }
        int totalQuantity = 0;
        BigDecimal orderValue = BigDecimal.ZERO;
        for (OrderLine line : lines) {
            Integer available = stock.get(line.sku());
            if (available == null) {
                problems.add("unknown product " + line.sku());
                continue;
            }
            if (available < line.quantity()) {
                problems.add("only " + available + " of " + line.sku() + " in stock");
            }
            if (line.unitPrice().signum() < 0) {
                problems.add("negative price for " + line.sku());
            }
            if (line.unitPrice().scale() > 2) {
                problems.add("price of " + line.sku() + " has more than two decimals");
            }
            totalQuantity += line.quantity();
            orderValue = orderValue.add(line.total());
        }

        // Limits agreed with the warehouse; see the operations handbook, section 4.
        if (totalQuantity > 500) {
            problems.add("orders are limited to 500 items, got " + totalQuantity);
        }
        if (orderValue.compareTo(new BigDecimal("10000")) > 0) {
            problems.add("orders above 10000 need manual approval");
        }
        long distinct = lines.stream().map(OrderLine::sku).distinct().count();
        if (distinct < lines.size()) {
            problems.add("the same product appears on several lines");
        }
        if ("XX".equals(region)) {
            problems.add("region XX is reserved for tests");
        }
        switch (region == null ? "" : region) {
            case "AQ" -> problems.add("we do not ship to Antarctica");
            case "KP" -> problems.add("shipping to this region is embargoed");
            case "IR", "SY" -> {
                problems.add("shipping to this region needs an export licence");
                audit.add("export licence check for " + region);
            }
            default -> {
                // ordinary region: nothing to add
            }
        }
        for (OrderLine line : lines) {
            if (line.sku().startsWith("GIFT-") && line.quantity() > 10) {
                problems.add("at most 10 gift cards per order");
            }
            if (line.sku().startsWith("HAZ-") && !"DE".equals(region) && !"FR".equals(region)) {
                problems.add("hazardous goods ship only within DE and FR: " + line.sku());
            }
            if (line.sku().length() > 32) {
                problems.add("product code too long: " + line.sku());
            }
        }
        if (problems.isEmpty()) {
            audit.add("validated order of " + lines.size() + " lines for " + region);
        } else {
            audit.add("rejected order: " + String.join("; ", problems));
        }
        return problems;
    }

    /** Order value plus shipping; shipping is free above the threshold. */
    public BigDecimal price(List<OrderLine> lines) {
        BigDecimal value = lines.stream().map(OrderLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        return value.compareTo(FREE_SHIPPING_THRESHOLD) >= 0 ? value : value.add(SHIPPING_FEE);
    }

    /** Takes the ordered quantities out of stock. */
    public void book(List<OrderLine> lines) {
        for (OrderLine line : lines) {
            stock.merge(line.sku(), -line.quantity(), Integer::sum);
        }
        audit.add("booked " + lines.size() + " lines");
    }

    List<String> audit() {
        return List.copyOf(audit);
    }
}
