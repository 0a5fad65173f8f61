# frozen_string_literal: true

require "date"
require "json"

# Billing plans and the rules for moving between them.
module Billing
  PLANS = {
    "free" => { price_cents: 0, seats: 1 },
    "team" => { price_cents: 2_900, seats: 10 },
    "business" => { price_cents: 9_900, seats: 50 },
  }.freeze

  # Raised when a plan change is not allowed.
  class PlanError < StandardError; end

  # A customer's subscription: plan, seats, billing period and history.
  class Subscription
    attr_reader :plan, :seats, :renews_on, :history

    def initialize(plan:, seats: 1, renews_on: Date.today >> 1)
      @plan = plan
      @seats = seats
      @renews_on = renews_on
      @history = []
    end

    # Monthly price in cents for the current plan and seats.
    def price_cents
      PLANS.fetch(plan)[:price_cents] * [seats, 1].max
    end

    # Moves to another plan, prorating the rest of the current period.
    #
    # Returns the amount to charge now in cents (negative means a credit).
    # Raises PlanError when the plan is unknown, the seats do not fit the
    # plan, or the change happens within a day of renewal.
    def change_plan(new_plan, seats: self.seats, today: Date.today)
      unless PLANS.key?(new_plan)
        raise PlanError, "unknown plan #{new_plan.inspect}"
      end
      limit = PLANS[new_plan][:seats]
      if seats > limit
        raise PlanError, "#{new_plan} allows at most #{limit} seats, asked for #{seats}"
      end
      if seats < 1
        raise PlanError, "a subscription needs at least one seat"
      end
      days_left = (renews_on - today).to_i
      if days_left < 1
        raise PlanError, "plan changes are closed on the renewal day"
      end

      period_days = (renews_on - (renews_on << 1)).to_i
      old_daily = price_cents.to_f / period_days
      new_daily = PLANS[new_plan][:price_cents] * seats.to_f / period_days
      charge = ((new_daily - old_daily) * days_left).round

      # downgrades are credited, but never more than what was paid
      if charge.negative?
        charge = [charge, -price_cents].max
      end

      # moving to free cancels the renewal; the account stays until the period ends
      if new_plan == "free"
        history << { at: today, event: "cancelled", from: plan }
        @renews_on = nil if days_left > 1
      end

      # seat changes within the same plan are billed per seat and day
      if new_plan == plan && seats != self.seats
        seat_daily = PLANS[plan][:price_cents].to_f / period_days
        charge = ((seats - self.seats) * seat_daily * days_left).round
        history << { at: today, event: "seats_changed", from: self.seats, to: seats }
      end

      # a charge below one cent is not worth an invoice line
      charge = 0 if charge.abs < 1

      if charge.positive? && charge > 50_000
        history << { at: today, event: "review_requested", amount_cents: charge }
        warn "large prorated charge of #{charge} cents needs review"
      end

      history << {
        at: today,
        event: "plan_changed",
        from: plan,
        to: new_plan,
        seats_before: self.seats,
        seats_after: seats,
        charge_cents: charge,
      }
      @plan = new_plan
      @seats = seats
      charge
    end

    def to_json(*args)
      { plan: plan, seats: seats, renews_on: renews_on&.iso8601 }.to_json(*args)
    end

    class << self
      # Rebuilds a subscription from its JSON form.
      def from_json(text)
        data = JSON.parse(text)
        new(plan: data.fetch("plan"), seats: data.fetch("seats", 1),
            renews_on: data["renews_on"] && Date.iso8601(data["renews_on"]))
      end
    end
  end

  def self.plan_names
    PLANS.keys
  end
end

if $PROGRAM_NAME == __FILE__
  sub = Billing::Subscription.new(plan: "team", seats: 3)
  puts sub.change_plan("business", seats: 12)
  puts sub.to_json
end
