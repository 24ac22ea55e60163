# Wrong: ActiveRecord::Base.connection_config is deprecated in 6.1 (DEPRECATION WARNING),
# and the harness raises on deprecations.
class AddUsersNickname < ActiveRecord::Migration[6.1]
  def change
    say "connected to #{ActiveRecord::Base.connection_config[:database]}"
    add_column :users, :nickname, :string, limit: 64, comment: "Display name chosen by the user"
  end
end
